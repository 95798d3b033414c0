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

export type BindModelDeps = Pick<SiteServices, 'clock' | 'models' | 'site'> & ReadModelDeps;

/**
 * FATE's `model bind` at the guest: the service id names this deployed model version from now on
 * (bound again, it names the new one). Online inference reads the binding; FATE hands it to
 * FATE-Serving instead.
 */
export async function bindModel(
  deps: BindModelDeps,
  request: ModelVersionRef & { readonly serviceId: string },
): Promise<ServiceBinding> {
  const models = await findModels(deps, { modelVersion: request.modelVersion, modelId: request.modelId });
  const guest = models.find((m) => m.role === 'guest' && m.partyId === deps.site.partyId);
  if (guest === undefined) {
    throw new ArgumentError(
      `model ${request.modelId} ${request.modelVersion} has no guest model at party ${deps.site.partyId}; bind it at the guest's site`,
    );
  }
  if (guest.parent) {
    throw new ArgumentError(
      `model ${request.modelId} ${request.modelVersion} has not been deployed; deploy it first (flow model deploy) and bind the version it answers`,
    );
  }
  const binding: ServiceBinding = {
    serviceId: request.serviceId,
    modelId: request.modelId,
    modelVersion: request.modelVersion,
    role: 'guest',
    partyId: guest.partyId,
    bindTime: deps.clock(),
  };
  await deps.models.putBinding(binding);
  return binding;
}
