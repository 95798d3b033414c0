import type { EvaluationCurves } from './metrics.js';

/** The evaluated rows: how many there were and how many of them were positive. */
export interface ClassCounts {
  readonly total: number;
  readonly positives: number;
}

export interface DerivedCurves {
  /** Precision against recall, one point per ROC point that predicts anything positive. */
  readonly pr: { readonly recall: number[]; readonly precision: number[] };
  /** Cumulative gain: the share of positives found against the share of rows taken. */
  readonly gain: { readonly taken: number[]; readonly found: number[] };
  /** Lift: the precision over the base rate, against the share of rows taken. */
  readonly lift: { readonly taken: number[]; readonly lift: number[] };
}

/**
 * FATE-Board's PR, gain and lift charts from what our Evaluation records: every ROC point (fpr,
 * tpr) at a cut is a confusion matrix once the class counts are known (tp = tpr·P, fp = fpr·N), and
 * each chart is a function of it. The counts come from the Evaluation's summary table (its `total`
 * and `positives` columns). Points are in the ROC's order; those predicting nothing positive
 * (precision undefined) are left out.
 */
export function derivedCurves(roc: Pick<EvaluationCurves, 'fpr' | 'tpr'>, counts: ClassCounts): DerivedCurves {
  const positives = counts.positives;
  const negatives = counts.total - counts.positives;
  const out: DerivedCurves = {
    pr: { recall: [], precision: [] },
    gain: { taken: [], found: [] },
    lift: { taken: [], lift: [] },
  };
  if (positives <= 0 || negatives < 0 || counts.total <= 0) return out;
  const baseRate = positives / counts.total;
  roc.fpr.forEach((fpr, i) => {
    const tpr = roc.tpr[i] ?? 0;
    const tp = tpr * positives;
    const predicted = tp + fpr * negatives;
    if (predicted <= 0) return;
    const precision = tp / predicted;
    const taken = predicted / counts.total;
    out.pr.recall.push(round6(tpr));
    out.pr.precision.push(round6(precision));
    out.gain.taken.push(round6(taken));
    out.gain.found.push(round6(tpr));
    out.lift.taken.push(round6(taken));
    out.lift.lift.push(round6(precision / baseRate));
  });
  return out;
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/**
 * The confusion matrix at the Evaluation's threshold, exactly, from its recall and precision there
 * and the class counts: tp = recall·P, fp = tp/precision − tp. Rounded to whole rows (the metrics are
 * kept to 6 decimals). Undefined when precision is 0 (nothing to divide by: then tp is 0 and fp
 * unknown).
 */
export function confusionAt(
  summary: { readonly precision?: number; readonly recall?: number },
  counts: ClassCounts,
): Confusion | undefined {
  const { precision, recall } = summary;
  if (precision === undefined || recall === undefined || precision <= 0) return undefined;
  const negatives = counts.total - counts.positives;
  const tp = Math.round(recall * counts.positives);
  const fp = Math.round(tp / precision - tp);
  return { tp, fp, fn: counts.positives - tp, tn: negatives - fp };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The class counts per evaluated data set from the Evaluation's output table (`id` is
 * `<type>.<data name>`, e.g. `train.hetero_lr_0`, beside `total` and `positives` columns).
 */
export function countsFromSummaryTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): Map<string, ClassCounts> {
  const id = header.indexOf('id');
  const total = header.indexOf('total');
  const positives = header.indexOf('positives');
  const counts = new Map<string, ClassCounts>();
  if (id === -1 || total === -1 || positives === -1) return counts;
  for (const row of rows) {
    const t = Number(row[total]);
    const p = Number(row[positives]);
    if (row[id] !== undefined && Number.isFinite(t) && Number.isFinite(p))
      counts.set(row[id] as string, { total: t, positives: p });
  }
  return counts;
}
