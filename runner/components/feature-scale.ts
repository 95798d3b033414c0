import { type FeatureScaleParameters, featureScaleSpec } from '../../components/feature-scale.js';
import { DataError } from '../../functions/domain/errors.js';
import { type ComponentContext, defineComponent, type InputModel, type InputTable } from './component.js';
import { tableCsv } from './table-csv.js';

/** One scaled column's statistics, as FATE's ScaleParam stores them (col_scale_param). */
export interface ColumnScale {
  readonly column_lower: number;
  readonly column_upper: number;
  readonly mean: number;
  readonly std: number;
}

type Params = FeatureScaleParameters;

/** The table to scale: FeatureScale reads one table. */
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

/** The table's feature columns: every column after the id but the label. */
export function featureColumns(table: InputTable): { featureAt: number[]; features: string[] } {
  const labelAt = labelColumn(table);
  const featureAt = table.header.map((_, i) => i).filter((i) => i > 0 && i !== labelAt);
  return { featureAt, features: featureAt.map((i) => table.header[i] ?? '') };
}

/** Scales a table; returns the CSV's header and rows and the statistics by feature name. */
export function scaleTable(table: InputTable, p: Params) {
  const { featureAt, features } = featureColumns(table);
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

/** A fitted FeatureScale model (what `run` writes), as a later FeatureScale applies it. */
interface FittedScale {
  readonly name: string;
  readonly method: Params['method'];
  readonly params: Readonly<Record<string, ColumnScale>>;
  readonly model: unknown;
}

const isScale = (value: unknown): value is ColumnScale =>
  typeof value === 'object' &&
  value !== null &&
  ['column_lower', 'column_upper', 'mean', 'std'].every(
    (key) => typeof (value as Record<string, unknown>)[key] === 'number',
  );

function fittedScale(ctx: ComponentContext<Params>): FittedScale | undefined {
  const models: InputModel[] = [...ctx.models.model, ...ctx.models.isometric_model];
  if (models.length > 1) {
    throw new DataError(
      `${ctx.component} takes one model input; the DSL gives ${models.map((m) => m.name).join(', ')}`,
    );
  }
  const [input] = models;
  if (input === undefined) return undefined;
  const model = (input.model ?? {}) as Record<string, unknown>;
  const params = (model.col_scale_param ?? {}) as Record<string, unknown>;
  const method = model.method;
  if (
    model.model_type !== 'FeatureScale' ||
    (method !== 'standard_scale' && method !== 'min_max_scale') ||
    !Object.values(params).every(isScale)
  ) {
    throw new DataError(`model ${input.name} is not a fitted FeatureScale model`);
  }
  return { name: input.name, method, params: params as Record<string, ColumnScale>, model: input.model };
}

/** Scales a table with fitted statistics: every column the model scaled must be here; the others pass unchanged. */
function applyScale(table: InputTable, fitted: FittedScale) {
  const { featureAt, features } = featureColumns(table);
  const scaled = Object.keys(fitted.params);
  const missing = scaled.filter((name) => !features.includes(name));
  if (missing.length > 0) {
    throw new DataError(`${table.name} lacks the columns ${fitted.name} scales: ${missing.join(', ')}`);
  }
  const rows = table.rows.map((cells, r) => {
    const out = [...cells];
    for (const name of scaled) {
      const column = featureAt[features.indexOf(name)] ?? 0;
      const value = Number(cells[column]);
      if (cells[column] === '' || !Number.isFinite(value)) {
        throw new DataError(`${table.name}: row ${r + 1}, column "${name}" is "${cells[column] ?? ''}", not a number`);
      }
      const scale = fitted.params[name];
      if (scale !== undefined) out[column] = String(scaleValue(value, scale, fitted.method));
    }
    return out;
  });
  return { header: table.header, rows, features, scaled, params: fitted.params };
}

/**
 * FATE's FeatureScale, fitted on the party's own table (no federation: in homo jobs each party
 * scales its own data, in hetero jobs its own columns). The id and label cells pass unchanged;
 * every other column is a feature. Outputs `data`, the scaled table, and `model`, the statistics.
 * Given a fitted model (input.model or isometric_model: FATE's transform of validate or predict
 * data), it scales with the model's method and statistics instead of fitting its own.
 */
export const FeatureScale = defineComponent(featureScaleSpec, {
  async run(ctx) {
    const table = inputOf(ctx);
    const fitted = fittedScale(ctx);
    const p = ctx.parameters;
    const { header, rows, features, scaled, params } =
      fitted === undefined ? scaleTable(table, p) : applyScale(table, fitted);
    const method = fitted?.method ?? p.method;
    const passMeta = Object.fromEntries(
      ['label_name', 'with_label', 'label_type'].filter((k) => k in table.meta).map((k) => [k, table.meta[k]]),
    );
    for (const name of ctx.outputs.data) await ctx.writeData(name, tableCsv(header, rows), passMeta);
    // With a fitted model, that model is this component's model too, as in FATE.
    const model = fitted?.model ?? {
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
      `${method}${fitted === undefined ? '' : ` (${fitted.name})`}: scaled ${scaled.length} of ${features.length} features of ${table.name}, ${rows.length} rows`,
    );
  },
});
