import { passThroughSpec } from '../../../components/testing/pass-through.js';
import { sleepSpec } from '../../../components/testing/sleep.js';
import { type ComponentCatalog, catalogOf } from '../../../functions/domain/plan/component-catalog.js';

/**
 * The modules the fake sites know: the scheduling test components, with their real specs (a
 * misspelt parameter is refused at submit). No code runs them: a test ends each task through the
 * fake launcher.
 */
export const FAKE_CATALOG: ComponentCatalog = catalogOf([passThroughSpec, sleepSpec]);
