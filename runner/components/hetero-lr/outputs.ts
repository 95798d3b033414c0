import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import type { ComponentContext } from '../component.js';
import { tableCsv } from '../table-csv.js';
import type { TrainingResult } from './training.js';
import type { PartyData } from './training-data.js';

/** FATE's prediction table (runner/README.md, Table conventions). */
export const PREDICTION_HEADER = ['id', 'label', 'predict_result', 'predict_score', 'predict_detail', 'type'];

/** The guest's rows in its input order: true label, class at the threshold (FATE: 1 when p > t), p, detail. */
export function predictionCsv(data: PartyData, scores: readonly number[], threshold: number): string {
  const rows = data.ids.map((id, i) => {
    const p = scores[i] ?? 0;
    return [id, data.labelCells?.[i] ?? '', p > threshold ? '1' : '0', String(p), `0:${1 - p};1:${p}`, 'train'];
  });
  return tableCsv(PREDICTION_HEADER, rows);
}

/**
 * The model as FATE's HeteroLR model param holds it: weight per feature name, intercept (guest),
 * iterations, convergence, loss history; the arbiter's holds no weights.
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
    best_iteration: -1,
  };
}

export async function writeOutputs(
  ctx: ComponentContext<HeteroLrParameters>,
  csv: string,
  model: unknown,
): Promise<void> {
  for (const name of ctx.outputs.data) {
    await ctx.writeData(name, csv, { eval_type: 'binary', pos_label: 1 });
  }
  for (const name of ctx.outputs.model) await ctx.writeModel(name, model, { model_type: 'HeteroLR' });
}
