import { parseReference } from '../dag/references.js';
import { isJsonObject, type JsonObject } from '../job/deep-merge.js';
import type { PartyRef } from '../job/roles.js';
import type { PipelinedModel } from './pipelined-model.js';

/** Every `pipeline.<component>.<model>` reference of a predict DSL's model inputs. */
export function pipelineReferences(dsl: JsonObject): { component: string; model: string; path: string }[] {
  const found: { component: string; model: string; path: string }[] = [];
  const components = isJsonObject(dsl.components) ? dsl.components : {};
  for (const [name, component] of Object.entries(components)) {
    if (!isJsonObject(component) || !isJsonObject(component.input)) continue;
    for (const kind of ['model', 'isometric_model'] as const) {
      const list = component.input[kind];
      if (!Array.isArray(list)) continue;
      for (const text of list) {
        const reference = typeof text === 'string' ? parseReference(text) : undefined;
        if (reference?.kind === 'pipeline') {
          found.push({ component: reference.component, model: reference.model, path: `${name}.input.${kind}` });
        }
      }
    }
  }
  return found;
}

/**
 * Why a predict job cannot run at this party with this model, or undefined when it can: the
 * model must exist here (deployed: FATE refuses a training version that was never deployed), and
 * each `pipeline.<component>.<model>` the DSL reads must be a component of the model that wrote
 * that model here (a component that did not run here, as an arbiter's DataTransform, has none).
 */
export function predictModelProblem(
  dsl: JsonObject,
  modelInfo: { readonly modelId: string; readonly modelVersion: string },
  party: PartyRef,
  model: PipelinedModel | undefined,
): string | undefined {
  const { modelId, modelVersion } = modelInfo;
  if (modelId === '' || modelVersion === '') {
    return 'job_parameters.common.model_id and model_version must name a deployed model (flow model deploy)';
  }
  const at = `${party.role} ${party.partyId}`;
  if (model === undefined) return `model ${modelId} ${modelVersion} does not exist at ${at}`;
  if (model.modelId !== modelId) {
    return `model version ${modelVersion} at ${at} belongs to model ${model.modelId}, not ${modelId}`;
  }
  if (model.parent) {
    return `model ${modelId} ${modelVersion} at ${at} has not been deployed; deploy it first (flow model deploy) and predict with the version it answers`;
  }
  for (const reference of pipelineReferences(dsl)) {
    const component = model.components[reference.component];
    const text = `pipeline.${reference.component}.${reference.model}`;
    if (component === undefined) {
      return `${reference.path} reads ${text}, but model ${modelId} ${modelVersion} has no component ${reference.component} (its components: ${Object.keys(model.components).join(', ')})`;
    }
    if (component.ranHere && component.models[reference.model] === undefined) {
      return `${reference.path} reads ${text}, but component ${reference.component} of model ${modelId} ${modelVersion} has no model "${reference.model}" at ${at}`;
    }
  }
  return undefined;
}
