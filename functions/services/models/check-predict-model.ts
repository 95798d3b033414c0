import { ArgumentError, FederatedError, RetCode } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/job/deep-merge.js';
import type { PartyRef } from '../../domain/job/roles.js';
import { predictModelProblem } from '../../domain/model/predict-model-check.js';
import type { JobPlan } from '../../domain/plan/job-plan.js';
import { callParties, describeFailures } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

export type CheckPredictModelDeps = Pick<SiteServices, 'peers' | 'site'> & ReadModelDeps;

/**
 * Before a predict job is stored anywhere: the model it names must be deployed at every party of
 * it, with every `pipeline.*` model its DSL reads. This site's own parties are read here; every
 * other party is asked with a `model.check` for the model's training job. A refusal names the
 * party and what it lacks (retcode 101).
 */
export async function checkPredictModel(deps: CheckPredictModelDeps, plan: JobPlan, dsl: JsonObject): Promise<void> {
  if (plan.jobType !== 'predict') return;
  const modelId = plan.modelInfo.modelId;
  const modelVersion = plan.modelInfo.modelVersion ?? '';
  const info = { modelId, modelVersion };
  const local = plan.parties.filter((party) => party.partyId === deps.site.partyId);
  let trainingJob: string | undefined;
  for (const party of local) {
    const ref: PartyRef = { role: party.role, partyId: party.partyId };
    const model = modelVersion === '' ? undefined : await readPartyModel(deps, modelVersion, ref);
    const problem = predictModelProblem(dsl, info, ref, model);
    if (problem !== undefined) {
      throw new ArgumentError(`${party.role} ${party.partyId}: ${problem}`, {
        details: { field: 'job_parameters.common.model_version', party: ref },
      });
    }
    trainingJob ??= model?.jobId;
  }
  const remote = plan.parties.filter((party) => party.partyId !== deps.site.partyId);
  if (remote.length === 0 || trainingJob === undefined) return;
  const checked = await callParties(
    deps.peers,
    {
      jobId: trainingJob,
      src: plan.initiator,
      command: 'model.check',
      body: { modelId, modelVersion, predictDsl: dsl },
    },
    remote.map((party) => ({ role: party.role, partyId: party.partyId })),
  );
  const refused = checked.replies.filter((r) => r.reply.retcode !== RetCode.SUCCESS);
  if (refused.length === 0) return;
  const message = `the predict job's model is not usable at every party: ${describeFailures(checked.replies)}`;
  const details = { field: 'job_parameters.common.model_version', refusedBy: refused.map((r) => r.party) };
  if (refused.every((r) => r.reply.retcode === RetCode.ARGUMENT_ERROR)) throw new ArgumentError(message, { details });
  throw new FederatedError(message, { details });
}
