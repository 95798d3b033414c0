import { html } from 'htm/preact';
import { confusionAt, derivedCurves } from '../lib/derived-curves.js';
import { evaluationCurves, iterationSeries, type MetricAll, summaryRows } from '../lib/metrics.js';
import { LineChart } from './line-chart.js';

const BLUE = '#0550ae';
const ORANGE = '#953800';
const GREY = '#57606a';

interface MetricsViewProps {
  readonly metrics: MetricAll;
  /** The evaluated rows' counts by data set (`train.hetero_lr_0`), from the Evaluation's summary table. */
  readonly counts: ReadonlyMap<string, { total: number; positives: number }>;
}

/** A component's metrics: single values as tables, per-iteration curves, and the Evaluation's charts. */
export function MetricsView({ metrics, counts }: MetricsViewProps) {
  const summaries = summaryRows(metrics);
  const series = iterationSeries(metrics);
  const curves = evaluationCurves(metrics);
  if (summaries.length + series.length + curves.length === 0) return html`<p>No metrics recorded.</p>`;
  return html`
    ${summaries.map(
      (row) => html`
        <table class="data metric-summary" data-testid="metric-summary" data-name=${`${row.namespace}/${row.name}`}>
          <caption>${row.namespace} / ${row.name}</caption>
          <thead><tr>${Object.keys(row.values).map((key) => html`<th scope="col">${key}</th>`)}</tr></thead>
          <tbody><tr>${Object.entries(row.values).map(([key, value]) => html`<td data-metric=${key}>${value}</td>`)}</tr></tbody>
        </table>`,
    )}
    <div class="charts">
      ${series.map(
        (
          s,
        ) => html`<${LineChart} key=${s.title} testId=${`chart-${s.title.replace(/\s+/g, '-')}`} title=${s.title} xLabel=${s.xLabel}
          x=${s.x} lines=${[{ label: s.yLabel, values: s.y, colour: BLUE }]} points=${true} />`,
      )}
    </div>
    ${curves.map((curve) => {
      const key = `${curve.namespace}.${curve.dataName}`;
      const count = counts.get(key);
      const summary =
        summaries.find((row) => row.namespace === curve.namespace && row.name === curve.dataName)?.values ?? {};
      const derived = count === undefined ? undefined : derivedCurves(curve, count);
      const confusion = count === undefined ? undefined : confusionAt(summary, count);
      return html`
        <section key=${key} aria-label=${`evaluation of ${key}`}>
          <h3>${curve.namespace} / ${curve.dataName}</h3>
          <div class="charts">
            <${LineChart} testId="chart-roc" title="ROC" xLabel="false positive rate" x=${curve.fpr}
              lines=${[{ label: 'true positive rate', values: curve.tpr, colour: BLUE }]} />
            ${
              curve.ks === undefined
                ? null
                : html`<${LineChart} testId="chart-ks" title=${`KS ${summary.ks ?? ''}`} xLabel="cut" x=${curve.ks.cuts}
              lines=${[{ label: 'tpr', values: curve.ks.tpr, colour: BLUE }, { label: 'fpr', values: curve.ks.fpr, colour: ORANGE }]} />`
            }
            ${
              derived === undefined
                ? null
                : html`
              <${LineChart} testId="chart-pr" title="Precision–recall" xLabel="recall" x=${derived.pr.recall}
                lines=${[{ label: 'precision', values: derived.pr.precision, colour: BLUE }]} />
              <${LineChart} testId="chart-gain" title="Gain" xLabel="share of rows" x=${derived.gain.taken}
                lines=${[{ label: 'share of positives', values: derived.gain.found, colour: BLUE }, { label: 'random', values: derived.gain.taken, colour: GREY }]} />
              <${LineChart} testId="chart-lift" title="Lift" xLabel="share of rows" x=${derived.lift.taken}
                lines=${[{ label: 'lift', values: derived.lift.lift, colour: BLUE }]} />`
            }
          </div>
          ${
            confusion === undefined
              ? null
              : html`
            <table class="data confusion" data-testid="confusion">
              <caption>Confusion matrix at the threshold</caption>
              <thead><tr><td></td><th scope="col">predicted 1</th><th scope="col">predicted 0</th></tr></thead>
              <tbody>
                <tr><th scope="row">actual 1</th><td>${confusion.tp}</td><td>${confusion.fn}</td></tr>
                <tr><th scope="row">actual 0</th><td>${confusion.fp}</td><td>${confusion.tn}</td></tr>
              </tbody>
            </table>`
          }
          ${derived === undefined ? html`<p class="hint">PR, gain, lift and the confusion matrix need the evaluated rows' counts (the Evaluation's output table).</p>` : html`<p class="hint">PR, gain, lift and the confusion matrix are computed from the ROC points and the Evaluation's row counts.</p>`}
        </section>`;
    })}`;
}
