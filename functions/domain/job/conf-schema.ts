import * as z from 'zod';
import { componentNameKey, PROVIDER_PATTERN } from './dsl-schema.js';
import { jobParametersSectionSchema } from './job-parameters.js';
import { describe, partyIdSchema } from './party-id.js';
import { ROLES } from './roles.js';
import { typeError } from './zod-errors.js';

/**
 * The shape of a FATE runtime conf v2. Cross-field rules (initiator in its role list, party
 * indexes in range, components that exist) are checked by the planner, which knows the DSL.
 */

const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

const objectOf = <T extends z.ZodType>(value: T, what: string) =>
  z.record(z.string(), value, { error: typeError(`must be an object of ${what}`) });

const unknownRole = (key: string) => `"${key}" is not a role; use ${ROLES.join(', ')}`;

const parameterObject = z.record(z.string(), z.unknown(), { error: 'component parameters must be an object' });

const componentParameterMap = z.record(componentNameKey, parameterObject, {
  error: typeError('must be an object of component name to parameters'),
});

const providerString = z
  .string({ error: 'a provider must be a string such as "fate@1.11.2"' })
  .regex(PROVIDER_PATTERN, {
    error: 'a provider must look like "name" or "name@version"',
  });

/** `dsl_version` may be the number 2 or the string "2"; FATE 1.11 refuses anything else. */
const dslVersionSchema = z.unknown().transform((value, ctx): 2 => {
  if (value === 2 || value === '2') return 2;
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `only the v2 version runtime conf is supported; set "dsl_version": 2 (got ${describe(value)})`,
  });
  return z.NEVER;
});

export const runtimeConfSchema = z.looseObject(
  {
    dsl_version: dslVersionSchema,
    initiator: z.strictObject(
      { role: roleSchema, party_id: partyIdSchema },
      {
        error: typeError(
          'initiator is required: {"role": "guest", "party_id": 9999}',
          (key) => `initiator takes only "role" and "party_id", not "${key}"`,
        ),
      },
    ),
    role: z
      .partialRecord(
        roleSchema,
        z.array(partyIdSchema, { error: 'must be a list of party ids such as [9999]' }).min(1, {
          error: 'must list at least one party id',
        }),
        { error: typeError('role is required: an object such as {"guest": [9999], "host": [10000]}', unknownRole) },
      )
      .superRefine((roles, ctx) => {
        for (const [role, ids] of Object.entries(roles)) {
          const seen = new Set<number>();
          for (const id of ids ?? []) {
            if (seen.has(id)) {
              ctx.addIssue({ code: 'custom', path: [role], message: `party ${id} is listed twice` });
            }
            seen.add(id);
          }
        }
        if (Object.keys(roles).length === 0) ctx.addIssue({ code: 'custom', message: 'no role lists any party' });
      }),
    job_parameters: z
      .strictObject(
        {
          common: jobParametersSectionSchema.optional(),
          role: z
            .partialRecord(roleSchema, objectOf(jobParametersSectionSchema, 'party index to job parameters'), {
              error: typeError('must be an object of role to party index to job parameters', unknownRole),
            })
            .optional(),
        },
        { error: 'the v2 format puts job parameters under job_parameters.common (and job_parameters.role)' },
      )
      .optional(),
    component_parameters: z
      .strictObject(
        {
          common: componentParameterMap.optional(),
          role: z
            .partialRecord(roleSchema, objectOf(componentParameterMap, 'party index to component parameters'), {
              error: typeError('must be an object of role to party index to component parameters', unknownRole),
            })
            .optional(),
        },
        { error: 'component_parameters must be {"common": {...}, "role": {...}}' },
      )
      .optional(),
    provider: z
      .strictObject(
        {
          common: objectOf(providerString, 'component name to provider').optional(),
          role: z
            .partialRecord(
              roleSchema,
              objectOf(objectOf(providerString, 'component name to provider'), 'party index to providers'),
              {
                error: typeError('must be an object of role to party index to providers', unknownRole),
              },
            )
            .optional(),
        },
        { error: 'provider must be {"common": {...}, "role": {...}}' },
      )
      .optional(),
  },
  { error: 'the runtime conf must be a JSON object' },
);

export type RuntimeConf = z.output<typeof runtimeConfSchema>;
