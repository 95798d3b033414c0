import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryMetrics } from '../runner/components/binary-metrics.js';
import { miniBatches, seededRandom } from '../runner/components/hetero-lr/setup.js';
import { plainHeteroLr } from './plain-hetero-lr.js';
import { type Figure, median } from './report.js';

/**
 * How far the hetero-LR example's AUC moves with its mini-batches alone. The example shuffles them
 * (FATE's `shuffle`, default true, no seed: new batches every iteration), so each run trains on
 * other splits and ends with a different model. This trains the example's model in the clear with
 * the formulas the encrypted protocol is tested against (plain-hetero-lr.ts: FATE's Taylor updates,
 * rmsprop, L2 α 0.01, learning rate 0.15, 30 iterations, batches of 320), once per seed of the
 * shuffles, and scores the training rows as the Evaluation does: what the job's AUC is across
 * shuffles, and so how often a median of three runs (`npm run bench -- hetero-lr`) can reach a
 * given AUC whatever the code's speed.
 */
const SHUFFLES = 2000;
const THRESHOLD = 0.99;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function table(name: string): Promise<number[][]> {
  const csv = await readFile(join(ROOT, 'examples', 'data', name), 'utf8');
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
}

export async function benchAucSpread(): Promise<Figure[]> {
  const guestRows = await table('breast_hetero_guest.csv');
  const hostRows = await table('breast_hetero_host.csv');
  const labels = guestRows.map((row) => row[1] ?? 0);
  const guest = guestRows.map((row) => row.slice(2));
  const host = hostRows.map((row) => row.slice(1));
  const aucOf = (batchesAt: (iteration: number) => number[][]): number => {
    const model = plainHeteroLr({
      guest,
      hosts: [host],
      labels,
      batches: [],
      batchesAt,
      iterations: 30,
      learningRate: 0.15,
      alpha: 0.01,
      optimizer: 'rmsprop',
    });
    const dot = (row: readonly number[], weights: readonly number[]) =>
      row.reduce((sum, x, j) => sum + x * (weights[j] ?? 0), 0);
    const scores = guest.map(
      (row, i) => dot(row, model.guest) + model.intercept + dot(host[i] ?? [], model.hosts[0] ?? []),
    );
    return binaryMetrics(labels, scores, 0.5).auc;
  };
  // As the guest draws them: new batches for every iteration (FATE's shuffle), from one seeded stream.
  const aucs = Array.from({ length: SHUFFLES }, (_, seed) => {
    const random = seededRandom(seed + 1);
    return aucOf(() => miniBatches(labels.length, 320, true, random));
  }).sort((a, b) => a - b);
  const quantile = (q: number) => aucs[Math.floor(q * (aucs.length - 1))] ?? Number.NaN;
  const share = aucs.filter((auc) => auc >= THRESHOLD).length / aucs.length;
  return [
    { metric: 'auc_median', value: median(aucs), unit: '', runs: SHUFFLES },
    { metric: 'auc_p10', value: quantile(0.1), unit: '', runs: SHUFFLES },
    { metric: 'auc_p90', value: quantile(0.9), unit: '', runs: SHUFFLES },
    { metric: 'share_of_runs_auc_at_least_0_990', value: share, unit: '', runs: SHUFFLES },
    // At least two of three independent runs at or above the threshold.
    {
      metric: 'share_of_medians_of_3_at_least_0_990',
      value: 3 * share ** 2 * (1 - share) + share ** 3,
      unit: '',
      runs: SHUFFLES,
    },
    {
      metric: 'auc_unshuffled',
      value: aucOf(() => miniBatches(labels.length, 320, false, Math.random)),
      unit: '',
      runs: 1,
    },
  ];
}
