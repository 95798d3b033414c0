import { type ComponentCatalog, type ComponentSpec, catalogOf } from '../functions/domain/plan/component-catalog.js';
import { dataTransformSpec } from './data-transform.js';
import { evaluationSpec } from './evaluation.js';
import { featureScaleSpec } from './feature-scale.js';
import { heteroLrSpec } from './hetero-lr.js';
import { homoLrSpec } from './homo-lr.js';
import { intersectionSpec } from './intersection.js';
import { readerSpec } from './reader.js';
import { secureAddExampleSpec } from './secure-add-example.js';

/** FATE's components this build runs, as the control plane sees them. Each new one registers here and in the runner's catalog. */
export const productionSpecs: readonly ComponentSpec[] = [
  readerSpec,
  dataTransformSpec,
  intersectionSpec,
  heteroLrSpec,
  evaluationSpec,
  featureScaleSpec,
  homoLrSpec,
  secureAddExampleSpec,
];

/**
 * What a production site plans and validates jobs against: a DSL module not listed is refused at
 * submit and at each party's create (retcode 101), the test components included.
 */
export const productionCatalog: ComponentCatalog = catalogOf(productionSpecs);
