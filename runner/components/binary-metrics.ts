/**
 * Binary classification metrics from labels (1 positive, 0 negative) and scores, computed exactly:
 * rows with equal scores form one threshold step, so tied positives and negatives count half to
 * the AUC (the Mann-Whitney statistic) and no KS point falls between tied rows.
 */

export interface RocCurve {
  /** One point per distinct score, highest first, after the (0, 0) start. */
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
  /** The score at or above which rows count as positive at each point; null for the start. */
  readonly thresholds: readonly (number | null)[];
  /** The share of all rows counted positive at each point (the KS curve's x axis). */
  readonly cuts: readonly number[];
}

export interface BinaryMetrics {
  readonly auc: number;
  readonly ks: number;
  /** At `threshold`: a row is predicted positive when its score is above it. */
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly positives: number;
  readonly negatives: number;
  readonly roc: RocCurve;
}

/** Thrown when a metric is undefined for the data (one class only); the caller names the table. */
export class OneClassError extends Error {
  override readonly name = 'OneClassError';
}

export function binaryMetrics(labels: readonly number[], scores: readonly number[], threshold: number): BinaryMetrics {
  const order = scores.map((_, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const positives = labels.filter((label) => label === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new OneClassError(`only one class is present (${positives} positive, ${negatives} negative rows)`);
  }
  const fpr = [0];
  const tpr = [0];
  const thresholds: (number | null)[] = [null];
  const cuts = [0];
  let tp = 0;
  let fp = 0;
  // Twice the area under the curve times P·N, summed in integers: exact until the one division.
  let doubledArea = 0;
  // KS likewise as an integer numerator over P·N.
  let ksNumerator = 0;
  let at = 0;
  while (at < order.length) {
    const score = scores[order[at] ?? 0] ?? 0;
    const [tp0, fp0] = [tp, fp];
    while (at < order.length && scores[order[at] ?? 0] === score) {
      if (labels[order[at] ?? 0] === 1) tp += 1;
      else fp += 1;
      at += 1;
    }
    doubledArea += (fp - fp0) * (tp + tp0);
    ksNumerator = Math.max(ksNumerator, tp * negatives - fp * positives);
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
    thresholds.push(score);
    cuts.push(at / order.length);
  }
  let [tpAt, fpAt] = [0, 0];
  labels.forEach((label, index) => {
    if ((scores[index] ?? 0) <= threshold) return;
    if (label === 1) tpAt += 1;
    else fpAt += 1;
  });
  const tnAt = negatives - fpAt;
  return {
    auc: doubledArea / (2 * positives * negatives),
    ks: ksNumerator / (positives * negatives),
    accuracy: (tpAt + tnAt) / labels.length,
    precision: tpAt + fpAt === 0 ? 0 : tpAt / (tpAt + fpAt),
    recall: tpAt / positives,
    positives,
    negatives,
    roc: { fpr, tpr, thresholds, cuts },
  };
}

/** FATE reports metrics rounded to 6 decimals. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Indexes of at most `limit` points spread evenly over `length`, the first and last kept: a curve
 * of a large table must fit one metric record.
 */
export function thinned(length: number, limit: number): number[] {
  if (length <= limit) return Array.from({ length }, (_, index) => index);
  const step = (length - 1) / (limit - 1);
  return [...new Set(Array.from({ length: limit }, (_, index) => Math.round(index * step)))];
}
