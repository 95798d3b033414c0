import { z } from 'zod';
import { partyIdSchema } from '../domain/job/party-id.js';
import { ROLES } from '../domain/job/roles.js';
import { parseOrThrow } from '../domain/job/zod-errors.js';
import { JOB_STATUSES } from '../domain/status/statuses.js';

/** Request fields shared by FATE's API routes, with messages that name the field. */
export const jobIdField = z
  .string({ error: 'job_id is required and must be a string' })
  .regex(/^[0-9A-Za-z_-]{1,64}$/, { error: 'job_id must be a job id such as 202611271544180123450' });

export const roleField = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });
export const partyIdField = partyIdSchema;
export const jobStatusField = z.enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(', ')}` });
export const componentNameField = z
  .string({ error: 'component_name is required and must be a string' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'component_name may only use letters, digits, "_" and "-"' });
export const nameField = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .regex(/^[A-Za-z0-9_.-]{1,128}$/, { error: `${field} may only use letters, digits, "_", "-" and "."` });

/** Parses a route's body; the error names the field as `<field>: <problem>`. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseOrThrow(schema, body ?? {}, 'request');
}
