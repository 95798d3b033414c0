import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';
import { asBoolean, asRecord } from '../transfer-values.js';
import type { OptimizerSettings, Weights } from './optimizer.js';
import { LR_TAGS } from './protocol.js';

/** What a party knows at the end of training (the model output's content). */
export interface TrainingResult {
  readonly weights: Weights;
  readonly iterations: number;
  readonly converged: boolean;
  /** The loss of each iteration, as the arbiter decrypted it (guest and arbiter; empty at hosts). */
  readonly losses: readonly number[];
  /** The iteration whose model was kept (early stopping), or -1. */
  readonly bestIteration: number;
}

/**
 * Where training starts: from scratch (iteration 0, initial weights), or — FATE's warm start, a
 * model input beside train_data — at the model's iteration count with its weights and loss history.
 */
export interface TrainingStart {
  readonly iteration: number;
  readonly weights: Weights | undefined;
  readonly losses: readonly number[];
}

/** A party's model after an iteration, handed to the iteration's checkpoint (FATE's ModelCheckpoint). */
export type ResultCheckpoint = (iteration: number, result: TrainingResult) => Promise<void>;

export const FRESH_START: TrainingStart = { iteration: 0, weights: undefined, losses: [] };

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

/** The arbiter's word at an iteration's end: converged, and (to the guest) the iteration's loss. */
export interface IterationVerdict {
  readonly converged: boolean;
  readonly loss?: number;
}

/**
 * A party's side of an iteration's end, the same at guest and host: with `weight_diff` it tells the
 * arbiter how far its weights moved (‖Σδ‖², so the arbiter never sees them), then waits for the verdict.
 */
export async function endIteration(
  channel: FederationChannel,
  arbiter: PartyRef,
  iteration: number,
  earlyStop: HeteroLrParameters['early_stop'],
  deltaSum: readonly number[],
): Promise<IterationVerdict> {
  if (earlyStop === 'weight_diff') {
    await channel.remote(LR_TAGS.deltaNorm(iteration), squaredNorm(deltaSum), [arbiter]);
  }
  const tag = LR_TAGS.converge(iteration);
  const verdict = asRecord(await channel.get(tag, arbiter), `${tag} from arbiter`);
  const converged = asBoolean(verdict.converged, 'converged');
  return typeof verdict.loss === 'number' ? { converged, loss: verdict.loss } : { converged };
}
