import { type ComponentCatalog, catalogOf } from '../../functions/domain/plan/component-catalog.js';
import type { RunnableComponent } from './component.js';
import { DataTransform } from './data-transform.js';
import { Evaluation } from './evaluation.js';
import { Exchange } from './exchange.js';
import { FeatureScale } from './feature-scale.js';
import { HeteroLR } from './hetero-lr.js';
import { HomoLR } from './homo-lr.js';
import { Intersection } from './intersection.js';
import { PassThrough } from './pass-through.js';
import { Reader } from './reader.js';
import { Sleep } from './sleep.js';

/** Every component this build can run. Each provider's components register here as they are implemented. */
export const runnableComponents: readonly RunnableComponent[] = [
  PassThrough,
  Sleep,
  Exchange,
  Reader,
  DataTransform,
  Intersection,
  HeteroLR,
  Evaluation,
  FeatureScale,
  HomoLR,
];

const byModule = new Map(runnableComponents.map((component) => [component.module, component]));

/** The component the runner runs for a DSL module, or undefined when this build has none. */
export function runnableComponent(module: string): RunnableComponent | undefined {
  return byModule.get(module);
}

/**
 * The same components as the planner sees them (module, roles, parameter schema). A DSL module not
 * listed is "unknown" to `flow job validate` (allowed unless --strict) and cannot be run by the
 * task runner.
 */
export const componentCatalog: ComponentCatalog = catalogOf(runnableComponents);
