import { html } from 'htm/preact';

export interface OutputData {
  readonly rows: readonly (readonly string[])[];
  readonly header: readonly string[];
  readonly total: number;
  readonly name: string;
}

/** FATE's `component/output/data` answer as tables: each output's first rows under its schema. */
export function outputTables(data: unknown, meta: unknown): OutputData[] {
  const tables = Array.isArray(data) ? (data as string[][][]) : [];
  const m = (meta ?? {}) as { header?: string[][]; total?: number[]; names?: string[] };
  return tables.map((rows, i) => ({
    rows,
    header: m.header?.[i] ?? [],
    total: m.total?.[i] ?? rows.length,
    name: m.names?.[i] ?? `output ${i}`,
  }));
}

export function OutputView({ tables }: { tables: readonly OutputData[] }) {
  if (tables.length === 0) return html`<p>No data output.</p>`;
  return tables.map(
    (table) => html`
      <div class="scroll" key=${table.name} tabindex="0" role="region" aria-label=${`output ${table.name}`}>
        <table class="data" data-testid="output-data">
          <caption>${table.name}: the first ${table.rows.length} of ${table.total} rows</caption>
          <thead><tr>${table.header.map((column) => html`<th scope="col">${column}</th>`)}</tr></thead>
          <tbody>${table.rows.map((row, i) => html`<tr key=${i}>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`,
  );
}

/** The model's param: an LR's weights per feature and its intercept (a host's has none); other fields as they are. */
export function ModelView({ model }: { model: unknown }) {
  if (model === undefined || model === null) return html`<p>No model output.</p>`;
  const { weight, intercept, header, ...rest } = model as {
    weight?: Record<string, number>;
    intercept?: number;
    header?: string[];
  } & Record<string, unknown>;
  const scalars = Object.entries(rest).filter(([, value]) => typeof value !== 'object' || value === null);
  return html`
    ${
      weight === undefined
        ? null
        : html`
      <div class="scroll" tabindex="0" role="region" aria-label="weights">
        <table class="data" data-testid="model-weights">
          <caption>Weights${intercept === undefined || rest.fit_intercept === false ? '' : html`, intercept <span data-testid="model-intercept">${intercept}</span>`}</caption>
          <thead><tr><th scope="col">feature</th><th scope="col">weight</th></tr></thead>
          <tbody>${(header ?? Object.keys(weight)).map((name) => html`<tr key=${name}><th scope="row">${name}</th><td>${weight[name]}</td></tr>`)}</tbody>
        </table>
      </div>`
    }
    <table class="data"><caption>Model</caption><tbody>
      ${scalars.map(([key, value]) => html`<tr key=${key}><th scope="row">${key}</th><td>${String(value)}</td></tr>`)}
    </tbody></table>
    ${Object.entries(rest)
      .filter(([, value]) => typeof value === 'object' && value !== null)
      .map(
        ([key, value]) =>
          html`<details key=${key}><summary>${key}</summary><pre>${JSON.stringify(value, null, 2)}</pre></details>`,
      )}`;
}
