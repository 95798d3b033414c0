import { partialScore } from '../../domain/inference/partial-score.js';
import { ServingCode, ServingError } from '../../domain/inference/serving-codes.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type ReadModelDeps, readPartyModel } from '../models/read-model.js';
import type { SiteServices } from '../site-services.js';
import { type FeatureIndex, featureIndex, type HostFeaturesDeps, recordId } from './host-features.js';
import { servingPipeline } from './serving-cache.js';

export type ReceiveModelInferDeps = Pick<SiteServices, 'site'> & ReadModelDeps & HostFeaturesDeps;

/** One record's answer from a host: its part of the score, or why it has none. */
export type HostResult = { readonly score: number } | { readonly retcode: number; readonly retmsg: string };

/** A whole call refused: FATE-Serving's code travels in the reply's data, beside our retcode. */
function refusal(error: ServingError): PeerReply {
  return { retcode: error.code, retmsg: error.message, data: { serving_code: error.code } };
}

/**
 * A host's part of online inference: for each record, w_host·x_host of the row its id names in the
 * table the host bound to this service, with its own model's weights. Only that number leaves the
 * host — never a feature or a weight — and a refusal names features and ids, never a value.
 */
export async function receiveModelInfer(
  deps: ReceiveModelInferDeps,
  message: FederatedMessage<'model.infer'>,
): Promise<PeerReply> {
  try {
    const { index, score } = await hostScorer(deps, message);
    const results = message.body.records.map((record): HostResult => {
      const id = recordId(index, record);
      if (id === undefined) {
        return {
          retcode: ServingCode.PARAM_ERROR,
          retmsg: `sendToRemoteFeatureData names no id ("${index.sid}") for this host`,
        };
      }
      const cells = index.rows.get(id);
      if (cells === undefined) {
        return { retcode: ServingCode.HOST_FEATURE_NOT_EXIST, retmsg: `no features for id "${id}" at this host` };
      }
      try {
        return { score: score(Object.fromEntries(index.features.map((name, j) => [name, cells[j] ?? '']))) };
      } catch (error) {
        if (error instanceof ServingError) return { retcode: error.code, retmsg: `id "${id}": ${error.message}` };
        throw error;
      }
    });
    return { retcode: 0, retmsg: 'success', data: { results } };
  } catch (error) {
    if (error instanceof ServingError) return refusal(error);
    throw error;
  }
}

async function hostScorer(
  deps: ReceiveModelInferDeps,
  message: FederatedMessage<'model.infer'>,
): Promise<{ index: FeatureIndex; score: (features: Record<string, unknown>) => number }> {
  const { modelId, modelVersion, serviceId } = message.body;
  const party = { role: message.dest.role, partyId: deps.site.partyId };
  const binding = await deps.models.getBinding(serviceId);
  if (
    binding === undefined ||
    binding.role !== 'host' ||
    binding.partyId !== party.partyId ||
    binding.modelVersion !== modelVersion ||
    binding.table === undefined
  ) {
    throw new ServingError(
      ServingCode.BIND_MODEL_ERROR,
      `service ${serviceId} is not bound to model ${modelVersion} at host ${party.partyId}; bind it there with its feature table (flow model bind)`,
    );
  }
  const model = await readPartyModel(deps, modelVersion, party);
  // The model's own record of its parties: the training job it names, and the guest asking.
  if (
    model === undefined ||
    model.modelId !== modelId ||
    model.jobId !== message.jobId ||
    !(model.roles.guest ?? []).includes(message.src.partyId)
  ) {
    throw new ServingError(
      ServingCode.MODEL_NULL,
      `model ${modelId} ${modelVersion} of guest ${message.src.partyId} is not at host ${party.partyId}`,
    );
  }
  const pipeline = await servingPipeline(deps.objects, model);
  const index = await featureIndex(deps, binding.table);
  return {
    index,
    score: (features) => partialScore({ ...pipeline, lr: { ...pipeline.lr, intercept: undefined } }, features),
  };
}
