import { ArgumentError, NotFoundError, RetCode } from '../../domain/errors.js';
import { partiesOf } from '../../domain/job/roles.js';
import type { ServiceBinding } from '../../domain/model/pipelined-model.js';
import { callParties } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { findModels } from './model-queries.js';
import type { ReadModelDeps } from './read-model.js';

export interface ModelVersionRef {
  readonly modelId: string;
  readonly modelVersion: string;
}

export type LoadModelDeps = Pick<SiteServices, 'peers' | 'site'> & ReadModelDeps;

/**
 * FATE's `model load`: every party of the model but the arbiter must hold the deployed version
 * (FATE's `/model/load/do` refuses a model that was not deployed). Asked from this site's guest
 * model with a `model.check` for the model's training job. Answers FATE's per-party retcodes.
 */
export async function loadModel(
  deps: LoadModelDeps,
  ref: ModelVersionRef,
): Promise<{ retcode: number; retmsg: string; data: Record<string, unknown> }> {
  const models = await findModels(deps, { modelVersion: ref.modelVersion, modelId: ref.modelId });
  const model = models.find((m) => m.role === 'guest') ?? models[0];
  if (model === undefined) throw new NotFoundError(`model ${ref.modelId} ${ref.modelVersion} not found`);
  const parties = partiesOf(model.roles).filter((party) => party.role !== 'arbiter' && party.role !== 'local');
  const checked = await callParties(
    deps.peers,
    {
      jobId: model.jobId,
      src: { role: model.role, partyId: model.partyId },
      command: 'model.check',
      body: { modelId: ref.modelId, modelVersion: ref.modelVersion, predictDsl: { components: {} } },
    },
    parties,
  );
  const data: Record<string, unknown> = {};
  const detail: Record<string, Record<string, unknown>> = {};
  for (const { party, reply } of checked.replies) {
    data[party.role] = { ...(data[party.role] as object | undefined), [party.partyId]: reply.retcode };
    detail[party.role] = { ...detail[party.role], [party.partyId]: { retcode: reply.retcode, retmsg: reply.retmsg } };
  }
  data.detail = detail;
  const ok = checked.replies.every((r) => r.reply.retcode === RetCode.SUCCESS);
  return { retcode: ok ? RetCode.SUCCESS : RetCode.ARGUMENT_ERROR, retmsg: ok ? 'success' : 'failed', data };
}

export type BindModelDeps = Pick<SiteServices, 'clock' | 'models' | 'site' | 'tables'> & ReadModelDeps;

/**
 * FATE's `model bind`: the service id names this deployed model version from now on (bound again,
 * it names the new one); online inference reads the binding, where FATE hands it to FATE-Serving.
 * At the guest's site it publishes the model; at a host's site (no guest model of the version here)
 * it also names the table of this site the host's features are read from, by id, when the guest
 * asks for the host's part of a score (FATE-Serving's host feature adaptor) — the same service id
 * at every party.
 */
export async function bindModel(
  deps: BindModelDeps,
  request: ModelVersionRef & {
    readonly serviceId: string;
    readonly table?: { readonly namespace: string; readonly name: string };
  },
): Promise<ServiceBinding> {
  const models = await findModels(deps, { modelVersion: request.modelVersion, modelId: request.modelId });
  const here = (role: string) => models.find((m) => m.role === role && m.partyId === deps.site.partyId);
  const model = here('guest') ?? here('host');
  if (model === undefined) {
    throw new ArgumentError(
      `model ${request.modelId} ${request.modelVersion} has no guest or host model at party ${deps.site.partyId}; bind it at the guest's site (and each host's)`,
    );
  }
  if (model.parent) {
    throw new ArgumentError(
      `model ${request.modelId} ${request.modelVersion} has not been deployed; deploy it first (flow model deploy) and bind the version it answers`,
    );
  }
  if (model.role === 'host') await checkFeatureTable(deps, request.table);
  else if (request.table !== undefined) {
    throw new ArgumentError(
      "table_name: the guest's features come with each inference request; a feature table is bound at a host",
      { details: { field: 'table_name' } },
    );
  }
  const binding: ServiceBinding = {
    serviceId: request.serviceId,
    modelId: request.modelId,
    modelVersion: request.modelVersion,
    role: model.role,
    partyId: model.partyId,
    bindTime: deps.clock(),
    ...(model.role === 'host' && request.table !== undefined ? { table: request.table } : {}),
  };
  await deps.models.putBinding(binding);
  return binding;
}

/** A host's binding names an enabled table of this site (read again, by id, at each inference). */
async function checkFeatureTable(
  deps: BindModelDeps,
  table: { readonly namespace: string; readonly name: string } | undefined,
): Promise<void> {
  if (table === undefined) {
    throw new ArgumentError(
      "table_name and namespace: a host's bind names the table its features are read from for this service",
      { details: { field: 'table_name' } },
    );
  }
  const record = await deps.tables.getTable(table.namespace, table.name);
  if (record === undefined || !record.enable) {
    throw new ArgumentError(
      `table_name: table ${table.namespace}.${table.name} ${record === undefined ? 'does not exist' : 'is disabled'} at party ${deps.site.partyId}`,
      { details: { field: 'table_name' } },
    );
  }
}
