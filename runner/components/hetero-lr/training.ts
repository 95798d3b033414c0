import type { OptimizerSettings, Weights } from './optimizer.js';
import type { HeteroLrParameters } from './parameters.js';

/** What a party knows at the end of training (the model output's content). */
export interface TrainingResult {
  readonly weights: Weights;
  readonly iterations: number;
  readonly converged: boolean;
  /** The loss of each iteration, as the arbiter decrypted it (guest and arbiter; empty at hosts). */
  readonly losses: readonly number[];
}

export function optimizerSettings(parameters: HeteroLrParameters): OptimizerSettings {
  return {
    optimizer: parameters.optimizer,
    learningRate: parameters.learning_rate,
    alpha: parameters.alpha,
    penalty: parameters.penalty,
    decay: parameters.decay,
    decaySqrt: parameters.decay_sqrt,
  };
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

/** Adds `delta` into `sum` element-wise (the per-iteration Σ δ that weight_diff measures). */
export function accumulate(sum: number[], delta: readonly number[]): void {
  delta.forEach((value, j) => {
    sum[j] = (sum[j] ?? 0) + value;
  });
}

export const squaredNorm = (values: readonly number[]): number => values.reduce((s, v) => s + v * v, 0);
