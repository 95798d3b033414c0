import { ArgumentError } from '../../domain/errors.js';
import { predictModelProblem } from '../../domain/model/predict-model-check.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export type ReceiveModelCheckDeps = Pick<SiteServices, 'site'> & ReadModelDeps;

/** A party answers whether a predict job with this model and DSL could run here; it stores nothing. */
export async function receiveModelCheck(
  deps: ReceiveModelCheckDeps,
  message: FederatedMessage<'model.check'>,
): Promise<PeerReply> {
  const party = { role: message.dest.role, partyId: deps.site.partyId };
  const { modelId, modelVersion, predictDsl } = message.body;
  const model = modelVersion === '' ? undefined : await readPartyModel(deps, modelVersion, party);
  const problem = predictModelProblem(predictDsl, { modelId, modelVersion }, party, model);
  if (problem !== undefined) throw new ArgumentError(problem);
  return { retcode: 0, retmsg: 'success' };
}
