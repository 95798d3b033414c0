import type { RunnableComponent } from './component.js';
import { DataTransform } from './data-transform.js';
import { Evaluation } from './evaluation.js';
import { FeatureScale } from './feature-scale.js';
import { HeteroLR } from './hetero-lr.js';
import { HomoLR } from './homo-lr.js';
import { Intersection } from './intersection.js';
import { Reader } from './reader.js';
import { SecureAddExample } from './secure-add-example.js';
import { testComponents } from './testing/catalog.js';

/**
 * FATE's components this runner runs: each spec of `components/catalog.ts` paired with its code
 * (a test checks that both list the same modules).
 */
export const productionComponents: readonly RunnableComponent[] = [
  Reader,
  DataTransform,
  Intersection,
  HeteroLR,
  Evaluation,
  FeatureScale,
  HomoLR,
  SecureAddExample,
];

/**
 * What a runner may run: FATE's components, and the test components only when its site opted
 * into them (RUNNER_ENV.testComponents), as the site's planner accepts them only then.
 */
export function runnableComponents(options: { readonly testComponents: boolean }): readonly RunnableComponent[] {
  return options.testComponents ? [...productionComponents, ...testComponents] : productionComponents;
}
