import type { ComponentLoader } from './component.js';
import { testComponents } from './testing/catalog.js';

/**
 * FATE's components this runner runs: each module of `components/catalog.ts` with its code,
 * imported when a task runs it (in the bundle, its own chunk: a Reader's process never loads
 * HeteroLR's Paillier or Intersection's curves). A test checks that both list the same modules
 * and that each loads the component of its name.
 */
export const productionComponents: readonly ComponentLoader[] = [
  { module: 'Reader', load: async () => (await import('./reader.js')).Reader },
  { module: 'DataTransform', load: async () => (await import('./data-transform.js')).DataTransform },
  { module: 'Intersection', load: async () => (await import('./intersection.js')).Intersection },
  { module: 'HeteroLR', load: async () => (await import('./hetero-lr.js')).HeteroLR },
  { module: 'Evaluation', load: async () => (await import('./evaluation.js')).Evaluation },
  { module: 'FeatureScale', load: async () => (await import('./feature-scale.js')).FeatureScale },
  { module: 'HomoLR', load: async () => (await import('./homo-lr.js')).HomoLR },
  { module: 'SecureAddExample', load: async () => (await import('./secure-add-example.js')).SecureAddExample },
];

/**
 * What a runner may run: FATE's components, and the test components only when its site opted
 * into them (RUNNER_ENV.testComponents), as the site's planner accepts them only then.
 */
export function runnableComponents(options: { readonly testComponents: boolean }): readonly ComponentLoader[] {
  return options.testComponents ? [...productionComponents, ...testComponents] : productionComponents;
}
