import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface ChartLine {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
}

interface LineChartProps {
  readonly title: string;
  readonly xLabel: string;
  readonly x: readonly number[];
  readonly lines: readonly ChartLine[];
  readonly testId: string;
  /** Points drawn as dots too (few points: the loss per iteration). */
  readonly points?: boolean;
}

/**
 * One uPlot chart, and its numbers in a table under a disclosure (for a screen reader, and for
 * whoever wants the values): the figure is the chart, the table is the same data.
 */
export function LineChart({ title, xLabel, x, lines, testId, points = false }: LineChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const data = [x as number[], ...lines.map((line) => line.values as number[])] as uPlot.AlignedData;
  const shape = `${xLabel}|${lines.map((line) => line.label).join('|')}`;
  // A new chart only when the series change; new data goes to setData below.
  useEffect(() => {
    if (holder.current === null) return;
    plot.current = new uPlot(
      {
        width: 440,
        height: 240,
        title,
        scales: { x: { time: false } },
        axes: [{ label: xLabel }, {}],
        series: [
          { label: xLabel },
          ...lines.map((line) => ({ label: line.label, stroke: line.colour, width: 2, points: { show: points } })),
        ],
      },
      data,
      holder.current,
    );
    return () => plot.current?.destroy();
  }, [shape]);
  useEffect(() => {
    plot.current?.setData(data);
  });
  return html`
    <figure class="chart" data-testid=${testId} data-points=${x.length}>
      <div ref=${holder}></div>
      <details>
        <summary>${title}: ${x.length} points (table)</summary>
        <table class="data">
          <thead><tr><th scope="col">${xLabel}</th>${lines.map((line) => html`<th scope="col">${line.label}</th>`)}</tr></thead>
          <tbody>
            ${x.map((value, i) => html`<tr data-testid=${`${testId}-point`}><td>${value}</td>${lines.map((line) => html`<td>${line.values[i]}</td>`)}</tr>`)}
          </tbody>
        </table>
      </details>
    </figure>`;
}
