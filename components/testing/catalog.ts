import { type ComponentCatalog, type ComponentSpec, catalogOf } from '../../functions/domain/plan/component-catalog.js';
import { productionSpecs } from '../catalog.js';
import { exchangeSpec } from './exchange.js';
import { passThroughSpec } from './pass-through.js';
import { sleepSpec } from './sleep.js';

/** Components for testing the scheduler (PassThrough, Sleep) and the data plane (Exchange), not FATE's. */
export const testSpecs: readonly ComponentSpec[] = [passThroughSpec, sleepSpec, exchangeSpec];

/**
 * The catalog of a site that opted into the test components (a local federation's
 * `test_components: true`: tests, benchmarks, `examples/scheduling-demo`): production's and the test ones.
 */
export const testingCatalog: ComponentCatalog = catalogOf([...productionSpecs, ...testSpecs]);
