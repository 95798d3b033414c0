import { ArgumentError } from '../../domain/errors.js';
import type { PartyRef, Role, RoleParties } from '../../domain/job/roles.js';
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
import { parseBody } from '../request-fields.js';
import { ok, type Route } from '../route.js';
import { jsonAnswer } from './json-file-answer.js';
import {
  deployRequest,
  migrateRequest,
  modelIdField,
  partyModelRequest,
  queryRequest,
  servedModelRequest,
} from './model-requests.js';

/** What these routes use: the use cases they call. */
export type ModelRoutesDeps = DeployModelDeps &
  LoadModelDeps &
  BindModelDeps &
  MigrateModelDeps &
  ExportModelDeps &
  ImportModelDeps;

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
      if ((body.table_name === undefined) !== (body.namespace === undefined)) {
        throw new ArgumentError('table_name and namespace: give both, or neither', {
          details: { field: body.table_name === undefined ? 'table_name' : 'namespace' },
        });
      }
      const table =
        body.table_name === undefined || body.namespace === undefined
          ? undefined
          : { namespace: body.namespace, name: body.table_name };
      const binding = await bindModel(services, {
        modelId,
        modelVersion,
        serviceId: body.service_id,
        ...(table === undefined ? {} : { table }),
      });
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
