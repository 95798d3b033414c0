/**
 * What FATE's `/v1/tracking/component/metric/all` answers, shaped for the board's charts: the
 * namespaces, in each the metrics by name, each its points and meta (metric_type, curve names).
 */
export type MetricAll = Readonly<
  Record<
    string,
    Readonly<Record<string, { readonly data?: unknown; readonly meta?: Readonly<Record<string, unknown>> }>>
  >
>;

export interface Series {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const NUMERIC_POINT = (point: unknown): point is [number, number] =>
  Array.isArray(point) && typeof point[0] === 'number' && typeof point[1] === 'number';
const NAMED_VALUE = (point: unknown): point is [string, number] =>
  Array.isArray(point) && typeof point[0] === 'string' && typeof point[1] === 'number';

const CURVE_TYPES = new Set(['ROC_EVALUATION', 'KS_EVALUATION']);

/**
 * The per-iteration curves: every metric whose points are `[number, number]` and that is not an
 * Evaluation curve — HeteroLR's and HomoLR's `train/loss` (one point per iteration), and any other
 * a component logs that way. Sorted by x, as a component may log an iteration again on a retry.
 */
export function iterationSeries(metrics: MetricAll): Series[] {
  const series: Series[] = [];
  for (const [namespace, byName] of Object.entries(metrics)) {
    for (const [name, metric] of Object.entries(byName)) {
      if (CURVE_TYPES.has(String(metric.meta?.metric_type ?? ''))) continue;
      const points = Array.isArray(metric.data) ? metric.data.filter(NUMERIC_POINT) : [];
      if (points.length === 0) continue;
      const byX = new Map(points.map(([x, y]) => [x, y]));
      const xs = [...byX.keys()].sort((a, b) => a - b);
      series.push({
        title: `${namespace} ${name}`,
        xLabel: String(metric.meta?.unit_name ?? 'iteration'),
        yLabel: name,
        x: xs,
        y: xs.map((x) => byX.get(x) as number),
      });
    }
  }
  return series;
}

/** A table of single values: FATE's EVALUATION_SUMMARY (auc, ks, …) and per-iteration validation. */
export interface SummaryRow {
  readonly namespace: string;
  readonly name: string;
  readonly values: Readonly<Record<string, number>>;
}

export function summaryRows(metrics: MetricAll): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [namespace, byName] of Object.entries(metrics)) {
    for (const [name, metric] of Object.entries(byName)) {
      const values = Array.isArray(metric.data) ? metric.data.filter(NAMED_VALUE) : [];
      if (values.length > 0) rows.push({ namespace, name, values: Object.fromEntries(values) });
    }
  }
  return rows;
}

/** One evaluated data set's ROC and KS curves, as the Evaluation component logs them. */
export interface EvaluationCurves {
  readonly namespace: string;
  readonly dataName: string;
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
  /** The score cut of each ROC point (`meta.thresholds`), null where the component had none. */
  readonly thresholds: readonly (number | null)[];
  /** The KS chart: the cut fraction on x, fpr and tpr at it. */
  readonly ks?: { readonly cuts: readonly number[]; readonly fpr: readonly number[]; readonly tpr: readonly number[] };
}

/** Every `<data>_roc` metric, with its `<data>_ks_fpr` / `<data>_ks_tpr` pair when both are there. */
export function evaluationCurves(metrics: MetricAll): EvaluationCurves[] {
  const curves: EvaluationCurves[] = [];
  for (const [namespace, byName] of Object.entries(metrics)) {
    for (const [name, metric] of Object.entries(byName)) {
      if (metric.meta?.metric_type !== 'ROC_EVALUATION') continue;
      const dataName = name.replace(/_roc$/, '');
      const points = Array.isArray(metric.data) ? metric.data.filter(NUMERIC_POINT) : [];
      const thresholds = Array.isArray(metric.meta.thresholds) ? (metric.meta.thresholds as (number | null)[]) : [];
      const ksFpr = pointsOf(byName[`${dataName}_ks_fpr`]?.data);
      const ksTpr = pointsOf(byName[`${dataName}_ks_tpr`]?.data);
      curves.push({
        namespace,
        dataName,
        fpr: points.map((p) => p[0]),
        tpr: points.map((p) => p[1]),
        thresholds: points.map((_, i) => thresholds[i] ?? null),
        ...(ksFpr.length > 0 && ksFpr.length === ksTpr.length
          ? { ks: { cuts: ksFpr.map((p) => p[0]), fpr: ksFpr.map((p) => p[1]), tpr: ksTpr.map((p) => p[1]) } }
          : {}),
      });
    }
  }
  return curves;
}

function pointsOf(data: unknown): [number, number][] {
  return Array.isArray(data) ? data.filter(NUMERIC_POINT) : [];
}
