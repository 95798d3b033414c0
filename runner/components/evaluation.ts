import {
  BINARY_METRICS,
  type BinaryMetricName,
  type EvaluationParameters,
  evaluationSpec,
} from '../../components/evaluation.js';
import { DataError } from '../../functions/domain/errors.js';
import { type BinaryMetrics, binaryMetrics, OneClassError, round6, thinned } from './binary-metrics.js';
import { type ComponentContext, defineComponent } from './component.js';
import { DEFAULT_THRESHOLD, type PredictionRow, readPredictionTable } from './prediction-table.js';
import { tableCsv } from './table-csv.js';

/** The most points a curve keeps, so that one metric record stays small whatever the table's size. */
export const MAX_CURVE_POINTS = 1000;

export const SUMMARY_HEADER = ['id', 'auc', 'ks', 'accuracy', 'precision', 'recall', 'total', 'positives'];

/** FATE names the evaluated data by its upstream component: "hetero_lr_0.data" → "hetero_lr_0". */
const dataNameOf = (reference: string): string => reference.split('.')[0] ?? reference;

/** Logs one data set's metrics under FATE's names (namespace train/validate, name the upstream component). */
async function logMetrics(
  ctx: ComponentContext<EvaluationParameters>,
  namespace: string,
  dataName: string,
  result: BinaryMetrics,
): Promise<[string, number][]> {
  const wanted = new Set<BinaryMetricName>((ctx.parameters.metrics ?? BINARY_METRICS) as readonly BinaryMetricName[]);
  const single = (['auc', 'ks', 'accuracy', 'precision', 'recall'] as const)
    .filter((name) => wanted.has(name))
    .map((name): [string, number] => [name, round6(result[name])]);
  if (single.length > 0) {
    await ctx.logMetric(namespace, dataName, single, {
      metric_type: 'EVALUATION_SUMMARY',
      threshold: DEFAULT_THRESHOLD,
    });
  }
  const { fpr, tpr, thresholds, cuts } = result.roc;
  const kept = thinned(fpr.length, MAX_CURVE_POINTS);
  const pick = (values: readonly (number | null)[]) =>
    kept.map((index) => {
      const value = values[index];
      return value === null || value === undefined ? null : round6(value);
    });
  const curve = (xs: readonly number[], ys: readonly number[]) =>
    kept.map((index): [number, number] => [round6(xs[index] ?? 0), round6(ys[index] ?? 0)]);
  if (wanted.has('roc')) {
    await ctx.logMetric(namespace, `${dataName}_roc`, curve(fpr, tpr), {
      metric_type: 'ROC_EVALUATION',
      unit_name: 'fpr',
      ordinate_name: 'tpr',
      curve_name: dataName,
      thresholds: pick(thresholds),
    });
  }
  if (wanted.has('ks')) {
    for (const [axis, values] of [
      ['fpr', fpr],
      ['tpr', tpr],
    ] as const) {
      await ctx.logMetric(namespace, `${dataName}_ks_${axis}`, curve(cuts, values), {
        metric_type: 'KS_EVALUATION',
        curve_name: `${dataName}_${axis}`,
        pair_type: dataName,
        thresholds: pick(thresholds),
      });
    }
  }
  return single;
}

/** 1 for the positive label (FATE's pos_label), 0 for any other; a row without a label cannot be evaluated. */
function labelsOf(rows: readonly PredictionRow[], posLabel: number | string, where: string): number[] {
  return rows.map((row) => {
    if (row.label === null) throw new DataError(`${where}: row ${row.id} has no label to evaluate against`);
    return String(row.label) === String(posLabel) ? 1 : 0;
  });
}

/**
 * FATE's Evaluation, binary: per upstream prediction table and per data type (train, validate),
 * AUC, KS, accuracy, precision and recall at 0.5, with the ROC and KS curves, logged as metrics and
 * written as a summary table. A party whose tables have no rows (a hetero host, which holds no
 * labels) evaluates nothing and writes an empty summary.
 */
export const Evaluation = defineComponent(evaluationSpec, {
  async run(ctx) {
    const party = `${ctx.role} ${ctx.partyId}`;
    const summary: string[][] = [];
    // FATE's summary: per evaluated data name and data type, the single-valued metrics.
    const metricSummary: Record<string, Record<string, Record<string, number>>> = {};
    for (const table of Object.values(ctx.inputs).flat()) {
      const dataName = dataNameOf(table.name);
      const rows = readPredictionTable(table);
      const types = [...new Set(rows.map((row) => row.type))];
      for (const type of types) {
        const subset = rows.filter((row) => row.type === type);
        const where = `${table.name} (${type}) at ${party}`;
        const labels = labelsOf(subset, ctx.parameters.pos_label, where);
        let result: BinaryMetrics;
        try {
          result = binaryMetrics(
            labels,
            subset.map((row) => row.predictScore),
            DEFAULT_THRESHOLD,
          );
        } catch (error) {
          if (error instanceof OneClassError)
            throw new DataError(`${where}: AUC and KS need both classes: ${error.message}`);
          throw error;
        }
        const single = await logMetrics(ctx, type, dataName, result);
        if (single.length > 0)
          metricSummary[dataName] = { ...metricSummary[dataName], [type]: Object.fromEntries(single) };
        const values = [result.auc, result.ks, result.accuracy, result.precision, result.recall].map(round6);
        summary.push([`${type}.${dataName}`, ...values.map(String), String(subset.length), String(result.positives)]);
        ctx.log(`${type} ${dataName}: auc ${values[0]}, ks ${values[1]} over ${subset.length} rows`);
      }
    }
    if (summary.length === 0) ctx.log(`no predictions with labels at ${party}: nothing to evaluate`);
    const csv = tableCsv(SUMMARY_HEADER, summary);
    for (const name of ctx.outputs.data) await ctx.writeData(name, csv, { eval_type: 'binary' });
    await ctx.writeSummary(metricSummary);
  },
});
