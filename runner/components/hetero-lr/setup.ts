import type { HeteroLrParameters } from '../../../components/hetero-lr.js';

/** A small seeded generator (mulberry32), so random_seed makes inits and shuffles repeatable. */
export function seededRandom(seed: number | null): () => number {
  if (seed === null) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FATE's Initializer: zeros, ones, const, random_uniform [0, 1), random_normal N(0, 1). */
export function initialWeights(count: number, init: HeteroLrParameters['init_param'], random: () => number): number[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => {
    switch (init.init_method) {
      case 'zeros':
        return 0;
      case 'ones':
        return 1;
      case 'const':
        return init.init_const;
      case 'random_normal':
        return normal();
      default:
        return random();
    }
  });
}

/**
 * FATE's mini-batches (batch_strategy "full"): the rows, shuffled when asked, cut into
 * ⌈rows / batch_size⌉ consecutive batches; batch_size −1 is one batch of everything. The guest
 * decides them and sends the ids to the hosts: before the first iteration, and before each later
 * one when they are shuffled (batchesShuffled).
 */
export function miniBatches(rows: number, batchSize: number, shuffle: boolean, random: () => number): number[][] {
  const order = Array.from({ length: rows }, (_, i) => i);
  if (shuffle) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
    }
  }
  const size = batchSize === -1 || batchSize >= rows ? Math.max(rows, 1) : batchSize;
  const batches: number[][] = [];
  for (let start = 0; start < rows; start += size) batches.push(order.slice(start, start + size));
  return batches;
}

/**
 * Whether FATE shuffles the mini-batches, and so draws new ones for every iteration (its
 * FullBatchDataGenerator is then `batch_mutable`: MiniBatch shuffles the ids again and sends the
 * hosts the new batches at each iteration). As `shuffle` says, except that FATE 1.11's full-batch
 * strategy shuffles whenever masked_rate > 0 (its default 5), whatever `shuffle` says (it logs a
 * warning). A single batch (batch_size −1 or at least the rows) is never shuffled.
 */
export function batchesShuffled(rows: number, batchSize: number, shuffle: boolean, maskedRate: number): boolean {
  return batchSize !== -1 && batchSize < rows && (shuffle || maskedRate > 0);
}

/**
 * How many rows FATE 1.11 would show the hosts for each batch (the batch among random others with
 * encrypted-zero residuals): min(rows, round((1 + masked_rate) · batch_size)), when masked_rate > 0
 * and there are several batches; undefined when FATE adds none. This build adds none either way.
 */
export function maskedBatchSize(rows: number, batchSize: number, maskedRate: number): number | undefined {
  if (maskedRate <= 0 || batchSize === -1 || batchSize >= rows) return undefined;
  return Math.min(rows, Math.round((1 + maskedRate) * batchSize));
}
