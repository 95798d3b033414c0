import { DataError } from '../../../functions/domain/errors.js';
import type { ComponentContext, InputTable } from '../component.js';
import type { LocalOptimizer, Weights } from '../hetero-lr/optimizer.js';
import { sigmoid } from '../hetero-lr/training.js';
import { type PartyData, partyData } from '../hetero-lr/training-data.js';

/** A client's table (train or validate data) as training rows: every homo client holds labels. */
export function homoTrainingData(ctx: ComponentContext<unknown>, table: InputTable): PartyData {
  checkLabels(table, `${ctx.role} ${ctx.partyId}`);
  return partyData(table, true);
}

/** Every homo client holds labels (FATE's homo data is split by rows), and LR here is binary. */
function checkLabels(table: InputTable, party: string): void {
  const name = table.meta.label_name;
  const hasLabel =
    table.meta.with_label !== false &&
    name !== null &&
    (typeof name === 'string' || table.header[1] === 'y' || table.header[1] === 'label');
  if (!hasLabel) {
    throw new DataError(
      `${table.name} at ${party} has no label column: every HomoLR client needs labels (DataTransform with_label: true)`,
    );
  }
}

/** ln(1 + e^z) without overflow. */
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

export function linear(x: readonly number[], weights: Weights): number {
  return x.reduce((sum, value, j) => sum + value * (weights.coef[j] ?? 0), weights.intercept ?? 0);
}

/**
 * One local epoch over the batches, one optimizer step per batch. With y ∈ {0, 1} and p = σ(w·x + b):
 * gradient (1/m)·Σ(p − y)·x (and (1/m)·Σ(p − y) for the intercept); loss the mean log-loss
 * −(1/m)·Σ[y·ln p + (1 − y)·ln(1 − p)] = (1/m)·Σ softplus((1 − 2y)·z), plus the penalty's loss norm,
 * taken before the step. Returns the new weights and the epoch's loss (the mean over batches).
 */
export function localEpoch(
  data: PartyData,
  batches: readonly (readonly number[])[],
  start: Weights,
  optimizer: LocalOptimizer,
): { weights: Weights; loss: number } {
  let weights = start;
  let lossSum = 0;
  const fit = start.intercept !== undefined;
  for (const rows of batches) {
    const gradient = Array.from({ length: weights.coef.length + (fit ? 1 : 0) }, () => 0);
    let batchLoss = 0;
    for (const row of rows) {
      const x = data.features[row] ?? [];
      const y = (data.labels?.[row] ?? -1) === 1 ? 1 : 0;
      const z = linear(x, weights);
      const residual = sigmoid(z) - y;
      x.forEach((value, j) => {
        gradient[j] = (gradient[j] ?? 0) + residual * value;
      });
      if (fit) gradient[weights.coef.length] = (gradient[weights.coef.length] ?? 0) + residual;
      batchLoss += softplus((1 - 2 * y) * z);
    }
    const m = Math.max(rows.length, 1);
    lossSum += batchLoss / m + optimizer.lossNorm(weights);
    weights = optimizer.step(
      weights,
      gradient.map((g) => g / m),
    ).weights;
  }
  return { weights, loss: lossSum / Math.max(batches.length, 1) };
}
