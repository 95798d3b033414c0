import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import type { ComponentContext } from '../component.js';
import { binaryPrediction, type PredictionRow, type PredictionType, predictionTableCsv } from '../prediction-table.js';
import type { TrainingResult } from './training.js';
import type { PartyData } from './training-data.js';

/** FATE's prediction rows of one table (runner/README.md, Table conventions): true label, class at the threshold (1 when p > t), p, detail. */
export function predictionRows(
  data: PartyData,
  scores: readonly number[],
  threshold: number,
  type: PredictionType,
): PredictionRow[] {
  return data.ids.map((id, i) => {
    const cell = data.labelCells?.[i] ?? '';
    return binaryPrediction(id, cell === '' ? null : Number(cell), scores[i] ?? 0, type, threshold);
  });
}

/**
 * The model as FATE's HeteroLR model param holds it: weight per feature name, intercept (guest),
 * iterations, convergence, loss history, the kept iteration; the arbiter's holds no weights.
 */
export function modelOf(ctx: ComponentContext<HeteroLrParameters>, result: TrainingResult, data?: PartyData) {
  const weights = data
    ? {
        header: data.featureNames,
        weight: Object.fromEntries(data.featureNames.map((name, j) => [name, result.weights.coef[j] ?? 0])),
        intercept: result.weights.intercept ?? 0,
        fit_intercept: result.weights.intercept !== undefined,
      }
    : {};
  return {
    model_type: 'HeteroLR',
    role: ctx.role,
    party_id: ctx.partyId,
    ...weights,
    iters: result.iterations,
    is_converged: result.converged,
    loss_history: result.losses,
    best_iteration: result.bestIteration,
  };
}

/** Writes every declared data output (the prediction table) and model output. */
export async function writeOutputs(
  ctx: ComponentContext<HeteroLrParameters>,
  rows: readonly PredictionRow[],
  model: unknown,
): Promise<void> {
  const csv = predictionTableCsv(rows);
  for (const name of ctx.outputs.data) {
    await ctx.writeData(name, csv, { eval_type: 'binary', pos_label: 1 });
  }
  for (const name of ctx.outputs.model) await ctx.writeModel(name, model, { model_type: 'HeteroLR' });
}

/**
 * FATE's HeteroLR summary: at guest and hosts its weights by feature name, intercept (0 at a host),
 * convergence and kept iteration, with validation_freqs the validation metrics (validation.ts); at the arbiter the loss history and the kept iteration's loss
 * (FATE indexes the history by best_iteration, so -1 names the last loss).
 */
export async function writeTrainingSummary(
  ctx: ComponentContext<HeteroLrParameters>,
  result: Omit<TrainingResult, 'weights'> & Partial<Pick<TrainingResult, 'weights'>>,
  data?: PartyData,
  validationMetrics?: Record<string, Record<string, number[]>>,
): Promise<void> {
  if (data === undefined || result.weights === undefined) {
    const bestLoss = result.losses.at(result.bestIteration);
    await ctx.writeSummary({
      loss_history: result.losses,
      is_converged: result.converged,
      best_iteration: result.bestIteration,
      ...(bestLoss === undefined ? {} : { best_iter_loss: bestLoss }),
    });
    return;
  }
  const { coef, intercept } = result.weights;
  await ctx.writeSummary({
    coef: Object.fromEntries(data.featureNames.map((name, j) => [name, coef[j] ?? 0])),
    intercept: intercept ?? 0,
    is_converged: result.converged,
    one_vs_rest: false,
    best_iteration: result.bestIteration,
    ...(validationMetrics === undefined ? {} : { validation_metrics: validationMetrics }),
  });
}
