import { type ComponentCatalog, catalogOf } from '../../functions/domain/plan/component-catalog.js';

/**
 * The components this build can run, by module name. Each provider's components register here
 * as they are implemented; a DSL module not listed is "unknown" to `flow job validate` (allowed
 * unless --strict) and cannot be run by the task runner.
 */
export const componentCatalog: ComponentCatalog = catalogOf([]);
