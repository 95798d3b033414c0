import { type IntersectionParameters, intersectionParameters } from '../../../components/intersection.js';
import { DataError } from '../../../functions/domain/errors.js';
import type { ComponentContext } from '../component.js';

/** The settings both sides of a PSI must share, which an Intersection model keeps for later runs (predict data). */
const TRAINED_KEYS = [
  'intersect_method',
  'rsa_params',
  'ecdh_params',
  'random_bit',
  'sync_intersect_ids',
  'only_output_key',
] as const;

/** The Intersection model: FATE keeps the method and its parameters, so a predict run matches ids the same way. */
export function intersectionModel(parameters: IntersectionParameters) {
  return {
    model_type: 'Intersection',
    ...Object.fromEntries(TRAINED_KEYS.map((key) => [key, parameters[key] ?? null])),
  };
}

/**
 * This task's settings: its own, or — given a model (input.model or isometric_model, FATE's
 * predict-conf inheritance) — the method and its RSA/ECDH parameters the model was run with.
 */
export function effectiveParameters(ctx: ComponentContext<IntersectionParameters>): IntersectionParameters {
  const models = [...ctx.models.model, ...ctx.models.isometric_model];
  if (models.length > 1) {
    throw new DataError(
      `${ctx.component} takes one model input; the DSL gives ${models.map((m) => m.name).join(', ')}`,
    );
  }
  const [input] = models;
  if (input === undefined) return ctx.parameters;
  const model = (input.model ?? {}) as Record<string, unknown>;
  if (model.model_type !== 'Intersection') throw new DataError(`model ${input.name} is not an Intersection model`);
  const trained = Object.fromEntries(
    TRAINED_KEYS.filter((key) => model[key] !== null && model[key] !== undefined).map((key) => [key, model[key]]),
  );
  const parsed = intersectionParameters.safeParse({ ...ctx.parameters, ...trained });
  if (!parsed.success)
    throw new DataError(`model ${input.name} holds settings this build cannot run: ${parsed.error.message}`);
  return parsed.data;
}
