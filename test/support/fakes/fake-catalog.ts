import { z } from 'zod';
import { ROLES } from '../../../functions/domain/job/roles.js';
import { type ComponentCatalog, catalogOf } from '../../../functions/domain/plan/component-catalog.js';

/**
 * The modules the fake sites know: the scheduling test components by name, with parameters as
 * strict as the runner's (a misspelt one is refused at submit). No code runs them: a test ends
 * each task through the fake launcher.
 */
export const FAKE_CATALOG: ComponentCatalog = catalogOf([
  { module: 'PassThrough', roles: ROLES, parameters: z.strictObject({ rows: z.number().int().min(0).default(5) }) },
  {
    module: 'Sleep',
    roles: ROLES,
    parameters: z.strictObject({
      seconds: z.number().min(0).default(1),
      fail_while_version_below: z.number().int().min(0).default(0),
    }),
  },
]);
