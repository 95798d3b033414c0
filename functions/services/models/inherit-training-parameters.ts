import type { JsonObject } from '../../domain/job/deep-merge.js';
import { inheritTrainingParameters } from '../../domain/model/inherit-parameters.js';
import type { JobPlan } from '../../domain/plan/job-plan.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

/**
 * A predict job's runtime conf with the component parameters its model was trained with (FATE's
 * predict-conf inheritance), read from the initiator's own model; the conf as given when the job
 * is not a predict job or the initiator holds no such model (the model check refuses it then).
 */
export async function predictRuntimeConf(
  deps: ReadModelDeps,
  plan: JobPlan,
  dsl: JsonObject,
  runtimeConf: JsonObject,
): Promise<JsonObject> {
  const { modelId, modelVersion } = plan.modelInfo;
  if (plan.jobType !== 'predict' || modelVersion === null || modelVersion === '') return runtimeConf;
  const model = await readPartyModel(deps, modelVersion, plan.initiator);
  if (model === undefined || model.modelId !== modelId) return runtimeConf;
  return inheritTrainingParameters(model.trainRuntimeConf, runtimeConf, dsl);
}
