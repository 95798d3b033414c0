import { NotFoundError } from '../../domain/errors.js';
import type { Role } from '../../domain/job/roles.js';
import { type PipelinedModel, partyModelId } from '../../domain/model/pipelined-model.js';
import { predictConfTemplate } from '../../domain/model/predict-conf.js';
import { modelsAtSite, type ReadModelDeps } from './read-model.js';

export interface ModelQuery {
  readonly modelVersion: string;
  readonly modelId?: string;
  readonly role?: Role;
  readonly partyId?: number;
  /** FATE's `query_filters`: only these fields (with or without their `f_` prefix). */
  readonly queryFilters?: readonly string[];
}

/** A model as FATE-Flow's `t_machine_learning_model_info` row answers it (`f_` fields). */
export function modelInfoRow(model: PipelinedModel): Record<string, unknown> {
  return {
    f_model_id: model.modelId,
    f_model_version: model.modelVersion,
    f_party_model_id: partyModelId(model),
    f_role: model.role,
    f_party_id: String(model.partyId),
    f_roles: model.roles,
    f_initiator_role: model.initiator.role,
    f_initiator_party_id: String(model.initiator.partyId),
    f_job_id: model.jobId,
    f_parent: model.parent,
    f_parent_info:
      model.parentInfo === undefined
        ? {}
        : {
            parent_model_id: model.parentInfo.modelId,
            parent_model_version: model.parentInfo.modelVersion,
          },
    f_imported: model.imported ? 1 : 0,
    f_train_dsl: model.trainDsl,
    f_train_runtime_conf: model.trainRuntimeConf,
    f_runtime_conf: model.trainRuntimeConf,
    f_inference_dsl: model.inferenceDsl,
    f_component_list: Object.keys(model.components),
    f_create_time: model.createTime,
    // FATE's DateTimeField as its JSON encoder writes it (UTC here).
    f_create_date: new Date(model.createTime).toISOString().slice(0, 19).replace('T', ' '),
    f_description: '',
  };
}

/** The models of a version at this site that match the query (a training version's from its job). */
export async function findModels(deps: ReadModelDeps, query: ModelQuery): Promise<PipelinedModel[]> {
  const models = (await modelsAtSite(deps, query.modelVersion)).filter(
    (model) =>
      (query.modelId === undefined || model.modelId === query.modelId) &&
      (query.role === undefined || model.role === query.role) &&
      (query.partyId === undefined || model.partyId === query.partyId),
  );
  if (models.length === 0) {
    throw new NotFoundError(
      `Query model info failed, cannot find model ${query.modelId ?? ''} ${query.modelVersion} at this site`.replace(
        '  ',
        ' ',
      ),
    );
  }
  return models;
}

/** FATE's `model query` (get-model-info): the matching rows, cut to `query_filters` when given. */
export async function queryModels(deps: ReadModelDeps, query: ModelQuery): Promise<Record<string, unknown>[]> {
  const rows = (await findModels(deps, query)).map(modelInfoRow);
  if (query.queryFilters === undefined || query.queryFilters.length === 0) return rows;
  const keys = query.queryFilters.map((key) => (key.startsWith('f_') ? key : `f_${key}`));
  return rows.map((row) => Object.fromEntries(keys.filter((key) => key in row).map((key) => [key, row[key]])));
}

/** FATE's `get-predict-dsl`: the inference DSL of the guest's or a host's model of the version. */
export async function predictDsl(deps: ReadModelDeps, query: ModelQuery): Promise<Record<string, unknown>> {
  const model = (await findModels(deps, query)).find((m) => m.role === 'guest' || m.role === 'host');
  if (model === undefined) {
    throw new NotFoundError('can not found guest or host model, please get predict dsl on guest or host.');
  }
  return model.inferenceDsl;
}

/** FATE's `get-predict-conf`: a predict conf to fill in, from the guest's model of the version. */
export async function predictConf(deps: ReadModelDeps, query: ModelQuery): Promise<Record<string, unknown>> {
  const model = (await findModels(deps, query)).find((m) => m.role === 'guest');
  if (model === undefined)
    throw new NotFoundError('No model found, please check if arguments are specified correctly.');
  return predictConfTemplate(model.inferenceDsl, model.trainRuntimeConf, model.modelId, model.modelVersion);
}
