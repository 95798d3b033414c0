import { ArgumentError, NotFoundError } from '../../domain/errors.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export type ReceiveModelDeployDeps = Pick<SiteServices, 'clock' | 'site'> & ReadModelDeps;

/**
 * A party's side of `model deploy` (FATE's `/model/deploy/do`): the party's model of the training
 * job becomes a child version with the inference DSL, pointing at the same component models. A
 * redelivery finds the child stored and answers the same.
 */
export async function receiveModelDeploy(
  deps: ReceiveModelDeployDeps,
  message: FederatedMessage<'model.deploy'>,
): Promise<PeerReply> {
  const { role } = message.dest;
  const partyId = deps.site.partyId;
  const { modelId, childModelVersion, inferenceDsl } = message.body;
  const source = await readPartyModel(deps, message.jobId, { role, partyId });
  if (source === undefined) {
    throw new NotFoundError(
      `deploy model of role ${role} ${partyId} failed: no model ${modelId} ${message.jobId} here`,
    );
  }
  if (!source.parent)
    throw new ArgumentError(`deploy model of role ${role} ${partyId} failed: a child model cannot be deployed`);
  if (source.modelId !== modelId) {
    throw new ArgumentError(
      `deploy model of role ${role} ${partyId} failed: version ${message.jobId} belongs to model ${source.modelId}`,
    );
  }
  const common = source.trainRuntimeConf.job_parameters;
  await deps.models.putModel({
    ...source,
    modelVersion: childModelVersion,
    parent: false,
    parentInfo: { modelId, modelVersion: message.jobId },
    inferenceDsl,
    trainRuntimeConf: {
      ...source.trainRuntimeConf,
      job_parameters: withModelVersion(common, modelId, childModelVersion),
    },
    createTime: deps.clock(),
  });
  return { retcode: 0, retmsg: `deploy model of role ${role} ${partyId} success` };
}

/** FATE's `update_model_id_version`: the conf's common job parameters name the new version. */
function withModelVersion(jobParameters: unknown, modelId: string, modelVersion: string): Record<string, unknown> {
  const base =
    typeof jobParameters === 'object' && jobParameters !== null ? (jobParameters as Record<string, unknown>) : {};
  const common =
    typeof base.common === 'object' && base.common !== null ? (base.common as Record<string, unknown>) : {};
  return { ...base, common: { ...common, model_id: modelId, model_version: modelVersion } };
}
