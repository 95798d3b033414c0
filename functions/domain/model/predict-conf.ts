import { ArgumentError } from '../errors.js';
import { isJsonObject, type JsonObject } from '../job/deep-merge.js';

/**
 * FATE-Flow 1.11's `generate_predict_conf_template`: the training conf's roles, initiator and job
 * parameters with model_id, model_version and job_type predict, and, for the guest and each host,
 * a Reader table to fill in per Reader of the predict DSL.
 */
export function predictConfTemplate(
  inferenceDsl: JsonObject,
  trainRuntimeConf: JsonObject,
  modelId: string,
  modelVersion: string,
): JsonObject {
  const roles = trainRuntimeConf.role;
  const initiator = trainRuntimeConf.initiator;
  if (!isJsonObject(roles) || !isJsonObject(initiator)) {
    throw new ArgumentError(`model ${modelId} ${modelVersion}: its training conf has no role or initiator`);
  }
  const jobParameters = isJsonObject(trainRuntimeConf.job_parameters) ? trainRuntimeConf.job_parameters : {};
  const common = isJsonObject(jobParameters.common) ? jobParameters.common : {};
  const components = isJsonObject(inferenceDsl.components) ? inferenceDsl.components : {};
  const readers = Object.entries(components)
    .filter(([, component]) => isJsonObject(component) && component.module === 'Reader')
    .map(([name]) => name);
  const fill = Object.fromEntries(
    readers.map((reader, index) => [
      reader,
      { table: { name: `name_to_be_filled_${index}`, namespace: `namespace_to_be_filled_${index}` } },
    ]),
  );
  const roleParameters: JsonObject = {};
  for (const [role, parties] of Object.entries(roles)) {
    if (role !== 'guest' && role !== 'host') continue;
    const count = Array.isArray(parties) ? parties.length : 0;
    roleParameters[role] = Object.fromEntries(Array.from({ length: count }, (_, index) => [String(index), fill]));
  }
  return {
    dsl_version: 2,
    role: roles,
    initiator,
    job_parameters: {
      ...jobParameters,
      common: { ...common, model_id: modelId, model_version: modelVersion, job_type: 'predict' },
    },
    component_parameters: { role: roleParameters },
  };
}
