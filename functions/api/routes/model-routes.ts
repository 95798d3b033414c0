import { z } from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import { isJsonObject, type JsonObject } from '../../domain/job/deep-merge.js';
import { partyIdSchema } from '../../domain/job/party-id.js';
import { type PartyRef, ROLES, type Role, type RoleParties } from '../../domain/job/roles.js';
import { type DeployModelDeps, deployModel } from '../../services/models/deploy-model.js';
import { type MigrateModelDeps, migrateModels } from '../../services/models/migrate-model.js';
import {
  type ExportModelDeps,
  exportModel,
  type ImportModelDeps,
  importModel,
} from '../../services/models/model-archive.js';
import { predictConf, predictDsl, queryModels } from '../../services/models/model-queries.js';
import { type BindModelDeps, bindModel, type LoadModelDeps, loadModel } from '../../services/models/serve-model.js';
import { parseBody, roleField } from '../request-fields.js';
import { type ApiResult, ok, type Route } from '../route.js';

/** What these routes use: the use cases they call. */
export type ModelRoutesDeps = DeployModelDeps &
  LoadModelDeps &
  BindModelDeps &
  MigrateModelDeps &
  ExportModelDeps &
  ImportModelDeps;

/** A model id or version: a segment of a store key (FATE's versions are job ids). */
const versionField = (field: string) =>
  z
    .string({ error: `${field} is required and must be a string` })
    .regex(/^[0-9A-Za-z_-]{1,64}$/, { error: `${field} must be a model version such as 202611271544180123450` });
const modelIdField = z
  .string({ error: 'model_id is required and must be a string' })
  .min(1, { error: 'model_id must not be empty' })
  .max(1000, { error: 'model_id may be at most 1000 characters' });

/** FATE's client sends `cpn_list` as a list or as "a, b" text (`--cpn-list`, `--cpn-path`). */
const cpnListField = z
  .union([z.string(), z.array(z.string())], { error: 'cpn_list must be a list of component names or "a, b" text' })
  .transform((value) =>
    (Array.isArray(value) ? value : value.replace(/^\[|\]$/g, '').split(','))
      .map((name) => name.trim().replace(/^["']|["']$/g, ''))
      .filter((name) => name !== ''),
  );

/** A DSL given in the body: an object, or its JSON text. */
const dslField = (field: string) =>
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

const deployRequest = z.looseObject({
  model_id: modelIdField,
  model_version: versionField('model_version'),
  cpn_list: cpnListField.optional(),
  cpn_str: cpnListField.optional(),
  dsl: dslField('dsl').optional(),
  predict_dsl: dslField('predict_dsl').optional(),
  components_checkpoint: z.record(z.string(), z.unknown()).optional(),
});

const queryRequest = z.looseObject({
  model_id: modelIdField.optional(),
  model_version: versionField('model_version'),
  role: roleField.optional(),
  party_id: partyIdSchema.optional(),
  query_filters: z.array(z.string(), { error: 'query_filters must be a list of field names' }).optional(),
  /** FATE's client asks for a file (get-predict-dsl/conf `-o`) by naming it. */
  filename: z.string({ error: 'filename must be a string' }).optional(),
});

/** export / import name one party's model (FATE's `role`, `party_id`; a form sends text). */
const partyModelRequest = z.looseObject({
  model_id: modelIdField,
  model_version: versionField('model_version'),
  role: roleField,
  party_id: partyIdSchema,
});

/** A JSON answer, or the same JSON as a file when the client named one (FATE's `filename`). */
function jsonAnswer(data: Record<string, unknown>, filename: string | undefined): ApiResult {
  if (filename === undefined) return ok(data);
  const name = filename.split(/[\\/]/).pop() || 'model.json';
  return {
    kind: 'file',
    // Not application/json: a client tells FATE's envelope (a failure) from the file by that type.
    contentType: 'application/octet-stream',
    filename: name,
    body: new TextEncoder().encode(JSON.stringify(data, null, 4)),
  };
}

const jobParametersModel = z.looseObject(
  { model_id: modelIdField, model_version: versionField('job_parameters.model_version') },
  { error: 'job_parameters must hold model_id and model_version' },
);
/** `load` / `bind` name the model by `job_parameters` (FATE's load conf) or by `job_id` (its version). */
const servedModelRequest = z.looseObject({
  job_id: versionField('job_id').optional(),
  job_parameters: jobParametersModel.optional(),
  service_id: z.string({ error: 'service_id must be a string' }).optional(),
});

const partyListField = (field: string) =>
  z.partialRecord(z.enum(ROLES), z.array(partyIdSchema), { error: `${field} must be an object of role to party ids` });

const migrateRequest = z.looseObject({
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

async function servedModel(services: ModelRoutesDeps, body: unknown) {
  const request = parseBody(servedModelRequest, body);
  if (request.job_parameters !== undefined) {
    return { request, modelId: request.job_parameters.model_id, modelVersion: request.job_parameters.model_version };
  }
  if (request.job_id === undefined) {
    throw new ArgumentError('job_parameters: model_id and model_version (or job_id) are required', {
      details: { field: 'job_parameters' },
    });
  }
  const [row] = await queryModels(services, { modelVersion: request.job_id, role: 'guest' });
  return { request, modelId: String(row?.f_model_id ?? ''), modelVersion: request.job_id };
}

function partiesOfList(list: Readonly<Partial<Record<Role, readonly number[]>>>): PartyRef[] {
  return Object.entries(list).flatMap(([role, ids]) => (ids ?? []).map((partyId) => ({ role: role as Role, partyId })));
}

/** FATE-Flow 1.11's `/v1/model/*` routes, with its bodies and answers. */
export const modelRoutes: Route<ModelRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/model/deploy',
    handler: async (request, services) => {
      const body = parseBody(deployRequest, request.body);
      if (body.components_checkpoint !== undefined && Object.keys(body.components_checkpoint).length > 0) {
        throw new ArgumentError(
          'components_checkpoint: deploying from a checkpoint is not supported; deploy the trained model',
          {
            details: { field: 'components_checkpoint' },
          },
        );
      }
      const cpnList = body.cpn_list ?? body.cpn_str;
      const dsl = body.dsl ?? body.predict_dsl;
      const result = await deployModel(services, {
        modelId: body.model_id,
        modelVersion: body.model_version,
        ...(cpnList === undefined ? {} : { cpnList }),
        ...(dsl === undefined ? {} : { predictDsl: dsl }),
      });
      return { kind: 'envelope', envelope: result };
    },
  },
  {
    method: 'POST',
    path: '/v1/model/query',
    handler: async (request, services) => {
      const body = parseBody(queryRequest, request.body);
      const rows = await queryModels(services, {
        modelVersion: body.model_version,
        ...(body.model_id === undefined ? {} : { modelId: body.model_id }),
        ...(body.role === undefined ? {} : { role: body.role }),
        ...(body.party_id === undefined ? {} : { partyId: body.party_id }),
        ...(body.query_filters === undefined ? {} : { queryFilters: body.query_filters }),
      });
      return ok(rows, { retmsg: 'Query model info successfully' });
    },
  },
  {
    method: 'POST',
    path: '/v1/model/get/predict/dsl',
    handler: async (request, services) => {
      const body = parseBody(queryRequest, request.body);
      const dsl = await predictDsl(services, {
        modelVersion: body.model_version,
        ...(body.model_id === undefined ? {} : { modelId: body.model_id }),
      });
      return jsonAnswer(dsl, body.filename);
    },
  },
  {
    method: 'POST',
    path: '/v1/model/get/predict/conf',
    handler: async (request, services) => {
      const body = parseBody(queryRequest.extend({ model_id: modelIdField }), request.body);
      const conf = await predictConf(services, { modelVersion: body.model_version, modelId: body.model_id });
      return jsonAnswer(conf, body.filename);
    },
  },
  {
    method: 'POST',
    path: '/v1/model/load',
    handler: async (request, services) => {
      const { modelId, modelVersion } = await servedModel(services, request.body);
      const result = await loadModel(services, { modelId, modelVersion });
      return { kind: 'envelope', envelope: { ...result, jobId: modelVersion } };
    },
  },
  {
    method: 'POST',
    path: '/v1/model/bind',
    handler: async (request, services) => {
      const { request: body, modelId, modelVersion } = await servedModel(services, request.body);
      if (body.service_id === undefined || body.service_id === '') {
        throw new ArgumentError('no service id', { details: { field: 'service_id' } });
      }
      const binding = await bindModel(services, { modelId, modelVersion, serviceId: body.service_id });
      return ok(undefined, { retmsg: `service id is ${binding.serviceId}` });
    },
  },
  {
    method: 'POST',
    path: '/v1/model/migrate',
    handler: async (request, services) => {
      const body = parseBody(migrateRequest, request.body);
      const unifyModelVersion = body.unify_model_version ?? services.newJobId();
      const result = await migrateModels(
        services,
        {
          modelId: body.model_id,
          modelVersion: body.model_version,
          role: body.role as RoleParties,
          migrateRole: body.migrate_role as RoleParties,
          migrateInitiator: { role: body.migrate_initiator.role, partyId: body.migrate_initiator.party_id },
          unifyModelVersion,
        },
        partiesOfList(body.execute_party),
      );
      return { kind: 'envelope', envelope: { ...result, jobId: unifyModelVersion } };
    },
  },
  ...(['GET', 'POST'] as const).map(
    (method): Route<ModelRoutesDeps> => ({
      method,
      path: '/v1/model/export',
      handler: async (request, services) => {
        const body = parseBody(partyModelRequest, request.body);
        const archive = await exportModel(services, {
          modelId: body.model_id,
          modelVersion: body.model_version,
          party: { role: body.role, partyId: body.party_id },
        });
        return { kind: 'file', contentType: 'application/gzip', filename: archive.filename, body: archive.body };
      },
    }),
  ),
  {
    method: 'POST',
    path: '/v1/model/import',
    multipart: true,
    handler: async (request, services) => {
      const body = parseBody(partyModelRequest, request.body);
      const file = request.files.find((f) => f.field === 'file') ?? request.files[0];
      await importModel(
        services,
        {
          modelId: body.model_id,
          modelVersion: body.model_version,
          party: { role: body.role, partyId: body.party_id },
        },
        file?.content,
      );
      return ok();
    },
  },
];
