import * as z from 'zod';
import { isJsonObject, type JsonObject } from '../../domain/job/deep-merge.js';
import { partyIdSchema } from '../../domain/job/party-id.js';
import { ROLES } from '../../domain/job/roles.js';
import { MAX_NAME_LENGTH } from '../../domain/limits.js';
import { roleField } from '../request-fields.js';

/** The bodies of FATE-Flow 1.11's `/v1/model/*` routes, with messages that name the field. */

/** A model id or version: a segment of a store key (FATE's versions are job ids). */
export const versionField = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .regex(/^[0-9A-Za-z_-]{1,64}$/, { error: `${field} must be a model version such as 202611271544180123450` });
export const modelIdField = z
  .string({ error: 'model_id is required and must be a string' })
  .min(1, { error: 'model_id must not be empty' })
  .max(1000, { error: 'model_id may be at most 1000 characters' });

/** FATE's client sends `cpn_list` as a list or as "a, b" text (`--cpn-list`, `--cpn-path`). */
export const cpnListField = z
  .union([z.string(), z.array(z.string())], { error: 'cpn_list must be a list of component names or "a, b" text' })
  .transform((value) =>
    (Array.isArray(value) ? value : value.replace(/^\[|\]$/g, '').split(','))
      .map((name) => name.trim().replace(/^["']|["']$/g, ''))
      .filter((name) => name !== ''),
  );

/** A DSL given in the body: an object, or its JSON text. */
export const dslField = (field: string) =>
  z
    .union([z.string(), z.record(z.string(), z.unknown())], { error: `${field} must be a DSL object` })
    .transform((value, context): JsonObject => {
      if (typeof value !== 'string') return value;
      try {
        const parsed: unknown = JSON.parse(value);
        if (isJsonObject(parsed)) return parsed;
      } catch {
        // reported below, naming the field
      }
      context.addIssue({ code: 'custom', message: `${field} must be a DSL object or its JSON text` });
      return z.NEVER;
    });

export const deployRequest = z.looseObject({
  model_id: modelIdField,
  model_version: versionField('model_version'),
  cpn_list: cpnListField.optional(),
  cpn_str: cpnListField.optional(),
  dsl: dslField('dsl').optional(),
  predict_dsl: dslField('predict_dsl').optional(),
  components_checkpoint: z.record(z.string(), z.unknown()).optional(),
});

export const queryRequest = z.looseObject({
  model_id: modelIdField.optional(),
  model_version: versionField('model_version'),
  role: roleField.optional(),
  party_id: partyIdSchema.optional(),
  query_filters: z.array(z.string(), { error: 'query_filters must be a list of field names' }).optional(),
  /** FATE's client asks for a file (get-predict-dsl/conf `-o`) by naming it. */
  filename: z.string({ error: 'filename must be a string' }).optional(),
});

/** export / import name one party's model (FATE's `role`, `party_id`; a form sends text). */
export const partyModelRequest = z.looseObject({
  model_id: modelIdField,
  model_version: versionField('model_version'),
  role: roleField,
  party_id: partyIdSchema,
});

export const jobParametersModel = z.looseObject(
  { model_id: modelIdField, model_version: versionField('job_parameters.model_version') },
  { error: 'job_parameters must hold model_id and model_version' },
);
/** `load` / `bind` name the model by `job_parameters` (FATE's load conf) or by `job_id` (its version). */
export const servedModelRequest = z.looseObject({
  job_id: versionField('job_id').optional(),
  job_parameters: jobParametersModel.optional(),
  // A segment of the binding's key (DynamoDB's key limits), as names are.
  service_id: z
    .string({ error: 'service_id must be a string' })
    .max(MAX_NAME_LENGTH, { error: `service_id may be at most ${MAX_NAME_LENGTH} characters` })
    .optional(),
  // A host's bind: the table its features are read from for the service (ours; FATE-Serving's host adaptor).
  table_name: z.string({ error: 'table_name must be a string' }).min(1, 'table_name must not be empty').optional(),
  namespace: z.string({ error: 'namespace must be a string' }).min(1, 'namespace must not be empty').optional(),
});

export const partyListField = (field: string) =>
  z.partialRecord(z.enum(ROLES), z.array(partyIdSchema), { error: `${field} must be an object of role to party ids` });

export const migrateRequest = z.looseObject({
  migrate_initiator: z.looseObject(
    { role: roleField, party_id: partyIdSchema },
    { error: 'migrate_initiator must hold role and party_id' },
  ),
  role: partyListField('role'),
  migrate_role: partyListField('migrate_role'),
  model_id: modelIdField,
  model_version: versionField('model_version'),
  execute_party: partyListField('execute_party'),
  unify_model_version: versionField('unify_model_version').optional(),
});
