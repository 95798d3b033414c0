import { DataError } from '../../functions/domain/errors.js';
import type { ComponentContext, InputModel, InputTable } from './component.js';
import type { Weights } from './hetero-lr/optimizer.js';

/**
 * What a logistic regression (HeteroLR, HomoLR) is asked to do, from the inputs FATE gives it:
 * - `train`: train_data (with validate_data to validate on, and a model to warm-start from);
 * - `predict`: test_data with the model to predict it with.
 * A party whose upstream does not run here (the arbiter) has the same input kinds, with no tables.
 */
export type LrTask =
  | {
      readonly mode: 'train';
      readonly train: InputTable | undefined;
      readonly validate: InputTable | undefined;
      readonly validating: boolean;
      readonly warmStart: InputModel | undefined;
    }
  | { readonly mode: 'predict'; readonly test: InputTable | undefined; readonly model: InputModel };

const KINDS = ['train_data', 'validate_data', 'test_data'];

function atMostOne(ctx: ComponentContext<unknown>, kind: string): InputTable | undefined {
  const tables = ctx.inputs[kind] ?? [];
  if (tables.length > 1) {
    throw new DataError(`${ctx.module} takes one input.data.${kind} table; it was given ${tables.length}`);
  }
  return tables[0];
}

export function lrTask(ctx: ComponentContext<unknown>): LrTask {
  const module = ctx.module;
  const unknown = Object.keys(ctx.inputs).filter((kind) => !KINDS.includes(kind));
  if (unknown.length > 0) {
    throw new DataError(
      `${module} reads input.data.train_data, validate_data and test_data; it was given ${unknown.join(', ')}`,
    );
  }
  if (ctx.models.isometric_model.length > 0) {
    throw new DataError(`${module} takes its model as input.model, not input.isometric_model`);
  }
  if (ctx.models.model.length > 1) {
    throw new DataError(`${module} takes one input.model; it was given ${ctx.models.model.length}`);
  }
  const [model] = ctx.models.model;
  const given = (kind: string) => kind in ctx.inputs;
  if (given('test_data')) {
    if (given('train_data') || given('validate_data')) {
      throw new DataError(`${module} either trains (train_data, validate_data) or predicts (test_data), not both`);
    }
    if (model === undefined) throw new DataError(`${module} predicts test_data with a model: give it input.model`);
    return { mode: 'predict', test: atMostOne(ctx, 'test_data'), model };
  }
  if (!given('train_data')) {
    throw new DataError(`${module} needs input.data.train_data (to train) or test_data with input.model (to predict)`);
  }
  return {
    mode: 'train',
    train: atMostOne(ctx, 'train_data'),
    validate: atMostOne(ctx, 'validate_data'),
    validating: given('validate_data'),
    warmStart: model,
  };
}

/** The table a party that holds data must have been given (guest and hosts; the arbiter holds none). */
export function required(table: InputTable | undefined, ctx: ComponentContext<unknown>, kind: string): InputTable {
  if (table === undefined) {
    throw new DataError(`${ctx.module} at ${ctx.role} ${ctx.partyId} has no input.data.${kind} table`);
  }
  return table;
}

/** The part of an LR model (runner/components/hetero-lr/outputs.ts, homo-lr.ts) that training continues from or predicts with. */
export interface LrModel {
  readonly modelType: string;
  readonly header: readonly string[];
  readonly weights: Weights;
  readonly iters: number;
  readonly lossHistory: readonly number[];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Reads an LR model input, checking it is one (`model_type`) and that every weight is a number. */
export function lrModel(input: InputModel, expectedType: string): LrModel {
  const where = `model ${input.name}`;
  const model = record(input.model);
  if (model === undefined || model.model_type !== expectedType) {
    throw new DataError(`${where} is not a ${expectedType} model (model_type ${String(model?.model_type)})`);
  }
  const header = Array.isArray(model.header) ? model.header.map(String) : [];
  const weight = record(model.weight) ?? {};
  const coef = header.map((name) => {
    const value = weight[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DataError(`${where}: the weight of "${name}" is not a number`);
    }
    return value;
  });
  const intercept = typeof model.intercept === 'number' ? model.intercept : 0;
  const iters = typeof model.iters === 'number' && Number.isInteger(model.iters) ? model.iters : 0;
  const lossHistory = Array.isArray(model.loss_history) ? model.loss_history.filter((v) => typeof v === 'number') : [];
  return {
    modelType: expectedType,
    header,
    weights: { coef, intercept: model.fit_intercept === true ? intercept : undefined },
    iters,
    lossHistory,
  };
}

/**
 * The model's weights in the order of `featureNames` (a table's columns): every feature the model
 * was trained on must be there, and no other, or the scores would mean nothing.
 */
export function weightsFor(model: LrModel, featureNames: readonly string[], table: string): Weights {
  const missing = model.header.filter((name) => !featureNames.includes(name));
  const extra = featureNames.filter((name) => !model.header.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new DataError(
      `${table} does not have the features the model was trained on` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; not in the model: ${extra.join(', ')}` : ''),
    );
  }
  return {
    coef: featureNames.map((name) => model.weights.coef[model.header.indexOf(name)] ?? 0),
    intercept: model.weights.intercept,
  };
}
