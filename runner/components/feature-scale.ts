import { type FeatureScaleParameters, featureScaleSpec } from '../../components/feature-scale.js';
import { DataError } from '../../functions/domain/errors.js';
import { type ComponentContext, defineComponent, type InputTable } from './component.js';
import { tableCsv } from './table-csv.js';

/** One scaled column's statistics, as FATE's ScaleParam stores them (col_scale_param). */
export interface ColumnScale {
  readonly column_lower: number;
  readonly column_upper: number;
  readonly mean: number;
  readonly std: number;
}

type Params = FeatureScaleParameters;

/** The table to scale: FeatureScale reads one table; a model input (transform with a fitted scale) is not readable here. */
function inputOf(ctx: ComponentContext<Params>): InputTable {
  const tables = Object.values(ctx.inputs).flat();
  const [first, ...more] = tables;
  if (first === undefined) throw new DataError(`${ctx.component} has no input table: give it input.data.data`);
  if (more.length > 0) {
    throw new DataError(`${ctx.component} reads one table, the DSL gives ${tables.map((t) => t.name).join(', ')}`);
  }
  return first;
}

/** The label's column per the DataTransform meta (runner/README.md, Table conventions), or none. */
function labelColumn(table: InputTable): number | undefined {
  if (table.meta.with_label === false || table.meta.label_name === null) return undefined;
  const name = typeof table.meta.label_name === 'string' ? table.meta.label_name : table.header[1];
  const index = name === undefined ? -1 : table.header.indexOf(name);
  if (typeof table.meta.label_name === 'string' && index <= 0) {
    throw new DataError(`${table.name}: label column "${name}" (meta.label_name) is not in the header`);
  }
  return index > 0 && (typeof table.meta.label_name === 'string' || name === 'y' || name === 'label')
    ? index
    : undefined;
}

/** The feature indexes (0 = first feature, FATE's header order) chosen by scale_col_indexes ∪ scale_names. */
function scaledFeatures(features: readonly string[], p: Params, table: string): number[] {
  const chosen = new Set<number>();
  if (p.scale_col_indexes === -1) {
    for (const i of features.keys()) chosen.add(i);
  } else {
    for (const i of p.scale_col_indexes) {
      if (i >= features.length) {
        throw new DataError(`scale_col_indexes: ${i} is out of range, ${table} has ${features.length} features`);
      }
      chosen.add(i);
    }
  }
  for (const name of p.scale_names ?? []) {
    const i = features.indexOf(name);
    if (i < 0) throw new DataError(`scale_names: "${name}" is not a feature of ${table} (${features.join(', ')})`);
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

function boundOf(bound: number | number[] | null, k: number, count: number, name: string): number | undefined {
  if (bound === null || typeof bound === 'number') return bound ?? undefined;
  if (bound.length !== count) {
    throw new DataError(`${name} lists ${bound.length} values, one per scaled column is needed (${count})`);
  }
  return bound[k];
}

/**
 * FATE's column statistics. Both methods first bound the column: its max lowered to feat_upper and
 * its min raised to feat_lower when given; values are clipped to [lower, upper] before use.
 * standard_scale: mean and population standard deviation (σ = √(Σ(x − μ)²/n)) of the clipped
 * values; μ = 0 without with_mean, σ = 1 without with_std, and σ < 1e-6 counts as 1 (constant column).
 * min_max_scale uses the bounds only; a range below 1e-6 counts as 1, as in FATE.
 */
export function columnScale(values: readonly number[], p: Params, upper?: number, lower?: number): ColumnScale {
  let hi = values.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
  let lo = values.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  if (upper !== undefined && hi > upper) hi = upper;
  if (lower !== undefined && lo < lower) lo = lower;
  if (hi < lo) throw new DataError(`feat_upper ${hi} is below feat_lower ${lo}`);
  const clipped = values.map((v) => Math.min(hi, Math.max(lo, v)));
  const n = clipped.length;
  const mean = p.with_mean ? clipped.reduce((s, v) => s + v, 0) / n : 0;
  const sigma = Math.sqrt(clipped.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const std = p.with_std && sigma >= 1e-6 ? sigma : 1;
  return { column_lower: lo, column_upper: hi, mean, std };
}

export function scaleValue(value: number, scale: ColumnScale, method: Params['method']): number {
  const v = Math.min(scale.column_upper, Math.max(scale.column_lower, value));
  if (method === 'standard_scale') return (v - scale.mean) / scale.std;
  const range = scale.column_upper - scale.column_lower;
  return (v - scale.column_lower) / (Math.abs(range) < 1e-6 ? 1 : range);
}

/** Scales a table; returns the CSV's header and rows and the statistics by feature name. */
export function scaleTable(table: InputTable, p: Params) {
  const labelAt = labelColumn(table);
  const featureAt = table.header.map((_, i) => i).filter((i) => i > 0 && i !== labelAt);
  const features = featureAt.map((i) => table.header[i] ?? '');
  const chosen = scaledFeatures(features, p, table.name);
  if (table.rows.length === 0 && chosen.length > 0) throw new DataError(`${table.name} has no rows to scale`);
  const rows = table.rows.map((cells) => [...cells]);
  const params: Record<string, ColumnScale> = {};
  chosen.forEach((f, k) => {
    const column = featureAt[f] ?? 0;
    const name = features[f] ?? '';
    const values = table.rows.map((cells, r) => {
      const value = Number(cells[column]);
      if (cells[column] === '' || !Number.isFinite(value)) {
        throw new DataError(`${table.name}: row ${r + 1}, column "${name}" is "${cells[column] ?? ''}", not a number`);
      }
      return value;
    });
    const upper = boundOf(p.feat_upper, k, chosen.length, 'feat_upper');
    const lower = boundOf(p.feat_lower, k, chosen.length, 'feat_lower');
    const scale = columnScale(values, p, upper, lower);
    params[name] = scale;
    rows.forEach((row, r) => {
      row[column] = String(scaleValue(values[r] ?? 0, scale, p.method));
    });
  });
  return { header: table.header, rows, features, scaled: chosen.map((f) => features[f] ?? ''), params };
}

/**
 * FATE's FeatureScale, fitted on the party's own table (no federation: in homo jobs each party
 * scales its own data, in hetero jobs its own columns). The id and label cells pass unchanged;
 * every other column is a feature. Outputs `data`, the scaled table, and `model`, the statistics.
 */
export const FeatureScale = defineComponent(featureScaleSpec, {
  async run(ctx) {
    const p = ctx.parameters;
    const table = inputOf(ctx);
    const { header, rows, features, scaled, params } = scaleTable(table, p);
    const passMeta = Object.fromEntries(
      ['label_name', 'with_label', 'label_type'].filter((k) => k in table.meta).map((k) => [k, table.meta[k]]),
    );
    for (const name of ctx.outputs.data) await ctx.writeData(name, tableCsv(header, rows), passMeta);
    const model = {
      model_type: 'FeatureScale',
      method: p.method,
      mode: p.mode,
      header: features,
      scale_names: scaled,
      with_mean: p.with_mean,
      with_std: p.with_std,
      col_scale_param: params,
    };
    for (const name of ctx.outputs.model) await ctx.writeModel(name, model, { model_type: 'FeatureScale' });
    ctx.log(
      `${p.method}: scaled ${scaled.length} of ${features.length} features of ${table.name}, ${rows.length} rows`,
    );
  },
});
