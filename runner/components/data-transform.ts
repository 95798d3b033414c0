import {
  type DataTransformParameters,
  DEFAULT_MISSING_VALUES,
  dataTransformSpec,
  isIntegerType,
} from '../../components/data-transform.js';
import { DataError } from '../../functions/domain/errors.js';
import { type ComponentContext, defineComponent, type InputTable } from './component.js';
import { inTrainedOrder, trainedTransform, withTrainedSettings } from './data-transform/trained-settings.js';
import { tableCsv } from './table-csv.js';

/** A plain decimal number as a table cell may hold it; `Number()` alone would take "", "0x1f" or " 1". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Where a cell is, for error messages a user can find in their file. */
const at = (row: number, id: string, column: string) => `row ${row} (id ${id}), column "${column}"`;

/**
 * A cell as a number, or a DataError saying where it is (row, id, column). The place is put into
 * words only for an error: building it for each of the host's 11,000 cells was a third of its
 * DataTransform's work.
 */
function parseCell(cell: string, row: number, id: string, column: string, integer: boolean, what: string): number {
  if (!NUMBER.test(cell)) throw new DataError(`${at(row, id, column)}: "${cell}" is not a number`);
  const value = Number(cell);
  if (!Number.isFinite(value)) throw new DataError(`${at(row, id, column)}: "${cell}" is out of range`);
  if (integer && !Number.isInteger(value)) {
    throw new DataError(`${at(row, id, column)}: "${cell}" is not an integer (${what})`);
  }
  return value;
}

/** The one table DataTransform reads: its `data` input (any kind name FATE allows, in DSL order). */
function inputOf(ctx: ComponentContext<DataTransformParameters>): InputTable {
  const tables = Object.values(ctx.inputs).flat();
  const [first, ...more] = tables;
  if (first === undefined) throw new DataError(`${ctx.component} has no input table: give it input.data.data`);
  if (more.length > 0) {
    throw new DataError(`${ctx.component} reads one table, the DSL gives ${tables.map((t) => t.name).join(', ')}`);
  }
  return first;
}

/**
 * The transformed table: the id, the label right after it (when there is one), then the features
 * in input order, every cell a checked number. See "Table conventions" in runner/README.md.
 */
export function transformTable(
  table: InputTable,
  parameters: DataTransformParameters,
  party: string,
): { header: string[]; rows: string[][]; features: string[]; filled: Map<string, number> } {
  const [sid = 'id', ...columns] = table.header;
  const { with_label: withLabel, label_name: labelName } = parameters;
  const labelIndex = withLabel ? columns.indexOf(labelName) : -1;
  if (withLabel && labelIndex < 0) {
    throw new DataError(
      `the label column "${labelName}" is not in ${table.name} at ${party} (header: ${table.header.join(', ')}); ` +
        'set label_name, or with_label: false at a party without labels',
    );
  }
  const features = columns.filter((_, index) => index !== labelIndex);
  const missing = new Set((parameters.missing_impute ?? DEFAULT_MISSING_VALUES).map((value) => String(value ?? '')));
  const integerData = isIntegerType(parameters.data_type);
  const integerLabel = isIntegerType(parameters.label_type);
  const fill = String(parameters.default_value);
  const labelWhat = `label_type ${parameters.label_type}`;
  const dataWhat = `data_type ${parameters.data_type}`;
  // Per feature, how many cells were filled: FATE's missing_impute_rate.
  const filled = new Map<string, number>();

  const rows = table.rows.map((cells, index) => {
    const row = index + 1;
    const [id = '', ...values] = cells;
    if (id === '') throw new DataError(`row ${row} of ${table.name} has an empty id`);
    const out = [id];
    if (withLabel) {
      const cell = values[labelIndex] ?? '';
      out.push(String(parseCell(cell, row, id, labelName, integerLabel, labelWhat)));
    }
    values.forEach((cell, column) => {
      if (column === labelIndex) return;
      const name = columns[column] ?? `column ${column + 2}`;
      if (parameters.missing_fill && missing.has(cell)) {
        out.push(fill);
        filled.set(name, (filled.get(name) ?? 0) + 1);
        return;
      }
      if (!parameters.missing_fill && missing.has(cell) && !NUMBER.test(cell)) {
        throw new DataError(
          `${at(row, id, name)}: the value is missing ("${cell}"); set missing_fill: true to fill it`,
        );
      }
      out.push(String(parseCell(cell, row, id, name, integerData, dataWhat)));
    });
    return out;
  });
  return { header: [sid, ...(withLabel ? [labelName] : []), ...features], rows, features, filled };
}

/**
 * FATE's DataTransform summary when it fills missing values (fit only): the values taken as missing,
 * and per feature the value filled in and the share of rows filled.
 */
function missingFillSummary(
  parameters: DataTransformParameters,
  features: readonly string[],
  filled: ReadonlyMap<string, number>,
  total: number,
) {
  return {
    missing_fill_info: {
      missing_value: [...(parameters.missing_impute ?? DEFAULT_MISSING_VALUES)],
      missing_impute_value: Object.fromEntries(features.map((name) => [name, parameters.default_value])),
      missing_impute_rate: Object.fromEntries(
        features.map((name) => [name, total === 0 ? 0 : (filled.get(name) ?? 0) / total]),
      ),
    },
  };
}

/**
 * FATE's DataTransform for dense tables: checks and converts every cell to a number, moves the
 * label (guest) next to the id, and stores the schema as its model so a predict job reads its
 * data the same way: given a model (input.model or isometric_model, FATE's predict-conf
 * inheritance), it reads the table with the trained settings (trained-settings.ts), whatever its
 * own parameters say.
 */
export const DataTransform = defineComponent(dataTransformSpec, {
  async run(ctx) {
    const table = inputOf(ctx);
    const trained = trainedTransform(ctx);
    const p = trained === undefined ? ctx.parameters : withTrainedSettings(ctx.parameters, trained, table);
    const transformed = transformTable(table, p, `${ctx.role} ${ctx.partyId}`);
    const { header, rows, features } =
      trained === undefined ? transformed : inTrainedOrder(transformed, trained, table);
    const csv = tableCsv(header, rows);
    const labelName = p.with_label ? p.label_name : null;
    const model = {
      meta: {
        input_format: 'dense',
        data_type: p.data_type,
        with_label: p.with_label,
        label_name: labelName,
        label_type: p.label_type,
        output_format: 'dense',
        missing_fill: p.missing_fill,
        default_value: p.default_value,
        missing_impute: p.missing_impute,
      },
      param: { sid_name: header[0], label_name: labelName, header: features },
    };
    // The outputs are separate records: written at once, not one store round trip after another.
    const dataMeta = { label_name: labelName, with_label: p.with_label, label_type: p.label_type };
    await Promise.all([
      ...ctx.outputs.data.map((name) => ctx.writeData(name, csv, dataMeta)),
      ...ctx.outputs.model.map((name) => ctx.writeModel(name, model, { model_type: 'DataTransform' })),
      ...(trained === undefined && p.missing_fill
        ? [ctx.writeSummary(missingFillSummary(p, features, transformed.filled, rows.length))]
        : []),
    ]);
    ctx.log(
      `transformed ${table.name}: ${rows.length} rows, ${features.length} features` +
        (labelName === null ? ', no label' : `, label "${labelName}"`),
    );
  },
});
