import type { VALIDATION_METRICS, ValidationSettings } from '../../components/lr-parameters.js';
import { DataError } from '../../functions/domain/errors.js';
import { binaryMetrics, OneClassError, round6 } from './binary-metrics.js';
import type { ComponentContext } from './component.js';

export type ValidationMetric = (typeof VALIDATION_METRICS)[number];

/** FATE's ValidationStrategy.need_run_validation: every n-th iteration ((it + 1) % n === 0), or the listed ones. */
export function validatesAt(freqs: ValidationSettings['freqs'], iteration: number): boolean {
  if (freqs === null) return false;
  if (typeof freqs === 'number') return (iteration + 1) % freqs === 0;
  return freqs.includes(iteration);
}

/**
 * FATE's validation of one data set at one iteration: AUC and KS of the scores (labels 1 / other),
 * logged as FATE's validation strategy names them — namespace the data type (`train`, `validate`),
 * name `iteration_<it>`, one point per metric, rounded to 6 decimals. Returns the values.
 */
export async function logValidation(
  ctx: ComponentContext<unknown>,
  data: { readonly type: 'train' | 'validate'; readonly labels: readonly number[]; readonly scores: readonly number[] },
  iteration: number,
  settings: ValidationSettings,
): Promise<Record<ValidationMetric, number>> {
  const where = `${data.type} data at iteration ${iteration} (${ctx.role} ${ctx.partyId})`;
  let result: ReturnType<typeof binaryMetrics>;
  try {
    result = binaryMetrics(
      data.labels.map((label) => (label === 1 ? 1 : 0)),
      data.scores,
      0.5,
    );
  } catch (error) {
    if (error instanceof OneClassError) throw new DataError(`${where}: AUC and KS need both classes: ${error.message}`);
    throw error;
  }
  const values = { auc: round6(result.auc), ks: round6(result.ks) };
  await ctx.logMetric(
    data.type,
    `iteration_${iteration}`,
    settings.metrics.map((metric) => [metric, values[metric]]),
    { metric_type: 'EVALUATION_SUMMARY' },
  );
  return values;
}

/**
 * FATE's validation summary (an LR summary's validation_metrics): per data type, each logged
 * metric's value at every validation, in order.
 */
export class ValidationHistory {
  private readonly byType: Record<string, Record<string, number[]>> = {};

  constructor(private readonly metrics: readonly ValidationMetric[]) {}

  add(type: 'train' | 'validate', values: Readonly<Record<ValidationMetric, number>>): void {
    const series = this.byType[type] ?? {};
    this.byType[type] = series;
    for (const metric of this.metrics) series[metric] = [...(series[metric] ?? []), values[metric]];
  }

  summary(): Record<string, Record<string, number[]>> {
    return structuredClone(this.byType);
  }
}

/** What early stopping says after a validation: stop now or not, and the iteration whose model is kept. */
export interface StoppingVerdict {
  readonly stop: boolean;
  /** -1 until a validation has run. */
  readonly bestIteration: number;
}

/**
 * FATE's PerformanceRecorder and EarlyStopping (larger is better for AUC and KS): per metric the
 * best value so far and the validations since it improved (strictly). Training stops when a metric
 * has not improved for `rounds` validations, keeping that metric's best iteration; otherwise the
 * kept model is the first metric's best. With use_first_metric_only only the first metric counts.
 */
export class EarlyStopping {
  private readonly best = new Map<ValidationMetric, { value: number; iteration: number; stale: number }>();
  private readonly metrics: readonly ValidationMetric[];

  constructor(private readonly settings: ValidationSettings) {
    this.metrics = settings.useFirstMetricOnly ? settings.metrics.slice(0, 1) : settings.metrics;
  }

  update(iteration: number, values: Readonly<Record<ValidationMetric, number>>): StoppingVerdict {
    for (const metric of this.metrics) {
      const value = values[metric];
      const previous = this.best.get(metric);
      if (previous === undefined || value > previous.value) this.best.set(metric, { value, iteration, stale: 0 });
      else previous.stale += 1;
    }
    const rounds = this.settings.earlyStoppingRounds;
    for (const metric of this.metrics) {
      const entry = this.best.get(metric);
      if (rounds !== null && entry !== undefined && entry.stale >= rounds) {
        return { stop: true, bestIteration: entry.iteration };
      }
    }
    return { stop: false, bestIteration: this.best.get(this.metrics[0] ?? 'auc')?.iteration ?? -1 };
  }
}
