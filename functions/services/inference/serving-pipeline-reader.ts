import { DEFAULT_MISSING_VALUES, isIntegerType } from '../../../components/data-transform.js';
import { ServingCode, ServingError } from '../../domain/inference/serving-codes.js';
import type {
  ServingColumnScale,
  ServingLr,
  ServingPipeline,
  ServingScale,
  ServingTransform,
} from '../../domain/inference/serving-pipeline.js';
import { isJsonObject } from '../../domain/job/deep-merge.js';
import type { PipelinedModel } from '../../domain/model/pipelined-model.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';

/** Modules that change no feature of one record online: skipped (Intersection needs no id here, Evaluation no label). */
const PASSING = new Set(['Reader', 'Intersection', 'Evaluation']);

const loadError = (model: PipelinedModel, problem: string) =>
  new ServingError(
    ServingCode.LOAD_MODEL_ERROR,
    `model ${model.modelId} ${model.modelVersion} at ${model.role} ${model.partyId} cannot be served: ${problem}`,
  );

/**
 * The party's serving pipeline of a deployed model: its DataTransform, FeatureScale (if any) and
 * LR component models, read from the object store. The components are the predict DSL's (all the
 * training DSL's for a version not deployed); any other module is refused by name, since online
 * inference would silently skip what it does.
 */
export async function readServingPipeline(objects: ObjectStore, model: PipelinedModel): Promise<ServingPipeline> {
  const inference = isJsonObject(model.inferenceDsl.components) ? Object.keys(model.inferenceDsl.components) : [];
  const names = inference.length > 0 ? inference : Object.keys(model.components);
  const contents = new Map<string, Record<string, unknown>>();
  for (const name of names) {
    const component = model.components[name];
    if (component === undefined || !component.ranHere || PASSING.has(component.module)) continue;
    if (!['DataTransform', 'FeatureScale', 'HeteroLR', 'HomoLR'].includes(component.module)) {
      throw loadError(model, `${name} is a ${component.module}, which online inference does not run`);
    }
    if (contents.has(component.module)) throw loadError(model, `it has more than one ${component.module}`);
    const [output] = Object.values(component.models);
    if (output === undefined) throw loadError(model, `${name} has no model at this party`);
    const bytes = await objects.get(output.location);
    if (bytes === undefined) throw loadError(model, `the model of ${name} is missing at ${output.location}`);
    const content: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isJsonObject(content)) throw loadError(model, `the model of ${name} is not a JSON object`);
    contents.set(component.module, content);
  }
  const transform = contents.get('DataTransform');
  const lr = contents.get('HeteroLR') ?? contents.get('HomoLR');
  if (transform === undefined) throw loadError(model, 'it has no DataTransform model at this party');
  if (lr === undefined) throw loadError(model, 'it has no HeteroLR or HomoLR model at this party');
  const scale = contents.get('FeatureScale');
  const servingTransform = transformOf(model, transform);
  return {
    transform: servingTransform,
    scale: scale === undefined ? undefined : scaleOf(model, scale),
    lr: lrOf(model, lr, servingTransform.header),
  };
}

function transformOf(model: PipelinedModel, content: Record<string, unknown>): ServingTransform {
  const meta = isJsonObject(content.meta) ? content.meta : {};
  const param = isJsonObject(content.param) ? content.param : {};
  if (!Array.isArray(param.header)) throw loadError(model, 'its DataTransform model has no header');
  const impute = Array.isArray(meta.missing_impute) ? meta.missing_impute : DEFAULT_MISSING_VALUES;
  return {
    header: param.header.map(String),
    labelName: typeof meta.label_name === 'string' ? meta.label_name : null,
    integerData: typeof meta.data_type === 'string' && isIntegerType(meta.data_type),
    missingFill: meta.missing_fill === true,
    defaultValue: typeof meta.default_value === 'number' ? meta.default_value : 0,
    missingValues: impute.map((value) => String(value ?? '')),
  };
}

const isColumnScale = (value: unknown): value is ServingColumnScale =>
  isJsonObject(value) && ['column_lower', 'column_upper', 'mean', 'std'].every((key) => typeof value[key] === 'number');

function scaleOf(model: PipelinedModel, content: Record<string, unknown>): ServingScale {
  const { method, col_scale_param: params } = content;
  if (
    (method !== 'standard_scale' && method !== 'min_max_scale') ||
    !isJsonObject(params) ||
    !Object.values(params).every(isColumnScale)
  ) {
    throw loadError(model, 'its FeatureScale model is not a fitted one');
  }
  return { method, params: params as Record<string, ServingColumnScale> };
}

function lrOf(model: PipelinedModel, content: Record<string, unknown>, features: readonly string[]): ServingLr {
  const modelType = content.model_type;
  if (modelType !== 'HeteroLR' && modelType !== 'HomoLR') throw loadError(model, 'its LR model has no model_type');
  const weight = isJsonObject(content.weight) ? content.weight : {};
  const header = Array.isArray(content.header) ? content.header.map(String) : [];
  if (header.join('\u0000') !== features.join('\u0000')) {
    throw loadError(model, `its ${modelType} was trained on other features than its DataTransform reads`);
  }
  const weights: Record<string, number> = {};
  for (const name of header) {
    const value = weight[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw loadError(model, `the weight of "${name}" is not a number`);
    }
    weights[name] = value;
  }
  const intercept =
    content.fit_intercept === true && typeof content.intercept === 'number' ? content.intercept : undefined;
  return { modelType, weights, intercept };
}
