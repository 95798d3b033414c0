import { describe, expect, it } from '@jest/globals';
import { binaryMetrics, round6, thinned } from '../../../runner/components/binary-metrics.js';

/** Seven rows with two ties across the classes (0.8 and 0.3), worked out by hand below. */
const LABELS = [1, 0, 1, 0, 1, 0, 0];
const SCORES = [0.9, 0.8, 0.8, 0.4, 0.3, 0.3, 0.1];

/** AUC straight from its definition: every positive/negative pair, a tie counting one half. */
function pairwiseAuc(labels: readonly number[], scores: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((positive, i) => {
    if (positive !== 1) return;
    labels.forEach((negative, j) => {
      if (negative !== 0) return;
      const [p, n] = [scores[i] ?? 0, scores[j] ?? 0];
      wins += p > n ? 1 : p === n ? 0.5 : 0;
      pairs += 1;
    });
  });
  return wins / pairs;
}

/** A deterministic table with many ties: scores on a coarse grid, labels loosely following them. */
function tiedTable(size: number): { labels: number[]; scores: number[] } {
  // Park-Miller: the product stays below 2^53, so every step is exact.
  let seed = 12345;
  const next = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const scores = Array.from({ length: size }, () => Math.round(next() * 20) / 20);
  const labels = scores.map((score) => (next() < score ? 1 : 0));
  return { labels, scores };
}

describe('binaryMetrics', () => {
  it('computes the hand-worked AUC 9/12 with ties counted half, equal to the pairwise count', () => {
    const result = binaryMetrics(LABELS, SCORES, 0.5);

    expect(result.auc).toBe(0.75);
    expect(pairwiseAuc(LABELS, SCORES)).toBe(0.75);
  });

  it('puts one ROC point per distinct score, tied rows in one step', () => {
    const { roc } = binaryMetrics(LABELS, SCORES, 0.5);

    expect(roc.fpr).toEqual([0, 0, 0.25, 0.5, 0.75, 1]);
    expect(roc.tpr).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 1, 1]);
    expect(roc.thresholds).toEqual([null, 0.9, 0.8, 0.4, 0.3, 0.1]);
    expect(roc.cuts).toEqual([0, 1 / 7, 3 / 7, 4 / 7, 6 / 7, 1]);
  });

  it('takes KS as the largest tpr - fpr over those points: 2/3 - 1/4 = 5/12', () => {
    expect(binaryMetrics(LABELS, SCORES, 0.5).ks).toBe(5 / 12);
  });

  it('counts a row positive at 0.5 when its score is above 0.5', () => {
    const { accuracy, precision, recall, positives, negatives } = binaryMetrics(LABELS, SCORES, 0.5);

    expect({ accuracy, precision, recall, positives, negatives }).toEqual({
      accuracy: 5 / 7,
      precision: 2 / 3,
      recall: 2 / 3,
      positives: 3,
      negatives: 4,
    });
    expect(binaryMetrics([1, 0], [0.5, 0.2], 0.5).recall).toBe(0);
  });

  it('gives precision 0 when nothing is predicted positive', () => {
    expect(binaryMetrics([1, 0], [0.2, 0.1], 0.5).precision).toBe(0);
  });

  it('matches the pairwise AUC on a 2,000-row table full of ties, whatever the row order', () => {
    const { labels, scores } = tiedTable(2000);
    const result = binaryMetrics(labels, scores, 0.5);

    expect(round6(result.auc)).toBe(round6(pairwiseAuc(labels, scores)));
    expect(Math.abs(result.auc - pairwiseAuc(labels, scores))).toBeLessThan(1e-12);
    expect(binaryMetrics([...labels].reverse(), [...scores].reverse(), 0.5).auc).toBe(result.auc);
  });

  it('gives AUC 1 and KS 1 for a perfect ranking and AUC 0.5, KS 0 when every score ties', () => {
    expect([
      binaryMetrics([1, 1, 0], [0.9, 0.8, 0.1], 0.5).auc,
      binaryMetrics([1, 1, 0], [0.9, 0.8, 0.1], 0.5).ks,
    ]).toEqual([1, 1]);
    const flat = binaryMetrics([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3], 0.5);
    expect([flat.auc, flat.ks]).toEqual([0.5, 0]);
  });

  it('refuses data of one class, counting both', () => {
    expect(() => binaryMetrics([1, 1], [0.2, 0.4], 0.5)).toThrow(
      'only one class is present (2 positive, 0 negative rows)',
    );
  });
});

describe('round6 and thinned', () => {
  it("round to FATE's six decimals", () => {
    expect([round6(5 / 12), round6(2 / 3), round6(0.75)]).toEqual([0.416667, 0.666667, 0.75]);
  });

  it('keep every index of a short curve and spread a long one evenly, ends included', () => {
    expect(thinned(4, 10)).toEqual([0, 1, 2, 3]);
    expect(thinned(11, 5)).toEqual([0, 3, 5, 8, 10]);
  });
});
