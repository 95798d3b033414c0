import * as z from 'zod';
import { COMPONENT_NAME_PATTERN } from '../domain/job/dsl-schema.js';
import { partyIdSchema } from '../domain/job/party-id.js';
import { ROLES } from '../domain/job/roles.js';
import { parseOrThrow } from '../domain/job/zod-errors.js';
import { MAX_NAME_LENGTH } from '../domain/limits.js';
import { JOB_STATUSES } from '../domain/status/statuses.js';
import { isTableName, tableNameRule } from '../domain/table-names.js';

/** Request fields shared by FATE's API routes, with messages that name the field. */
export const jobIdField = z
  .string({ error: 'job_id is required and must be a string' })
  .regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'job_id must be a job id such as 202611271544180123450' });

export const roleField = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });
export const partyIdField = partyIdSchema;
export const jobStatusField = z.enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(', ')}` });
export const componentNameField = z
  .string({ error: 'component_name is required and must be a string' })
  .regex(COMPONENT_NAME_PATTERN, { error: 'component_name may only use letters, digits, "_" and "-"' })
  .max(MAX_NAME_LENGTH, { error: `component_name may be at most ${MAX_NAME_LENGTH} characters` });
export const nameField = (field: string) =>
  z.string({ error: `${field} is required and must be a string` }).refine(isTableName, { error: tableNameRule(field) });
/** A metric's namespace or name: a segment of its sort key, as a component's outputs name it. */
export const metricNameField = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .min(1, { error: `${field} must not be empty` })
    .max(MAX_NAME_LENGTH, { error: `${field} may be at most ${MAX_NAME_LENGTH} characters` });

/** Parses a route's body; the error names the field as `<field>: <problem>`. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseOrThrow(schema, body ?? {}, 'request');
}
