import { DataError } from '../../functions/domain/errors.js';
import type { InputTable } from './component.js';
import { tableCsv } from './table-csv.js';

/**
 * The table a classifier (HeteroLR, HomoLR) writes as its data output and Evaluation reads: FATE's
 * predict output columns after the id. See "Table conventions" in runner/README.md.
 */
export const PREDICTION_COLUMNS = ['label', 'predict_result', 'predict_score', 'predict_detail', 'type'] as const;

/**
 * Which data a row was predicted for: Evaluation reports each apart (FATE's metric namespace).
 * `test`: a component's test_data, predicted with its model input (FATE's in-job and predict-job prediction).
 */
export const PREDICTION_TYPES = ['train', 'validate', 'test', 'predict'] as const;
export type PredictionType = (typeof PREDICTION_TYPES)[number];

/** FATE's default: class 1 when its probability is above 0.5. */
export const DEFAULT_THRESHOLD = 0.5;

export interface PredictionRow {
  readonly id: string;
  /** The true label; null when the data has none (a predict job on unlabelled data). */
  readonly label: number | null;
  readonly predictResult: number;
  /** The probability of class 1 (binary), the score Evaluation ranks by. */
  readonly predictScore: number;
  /** Each class's probability, by class label. */
  readonly predictDetail: Readonly<Record<string, number>>;
  readonly type: PredictionType;
}

/** A binary classifier's row from the probability of class 1. */
export function binaryPrediction(
  id: string,
  label: number | null,
  score: number,
  type: PredictionType,
  threshold = DEFAULT_THRESHOLD,
): PredictionRow {
  return {
    id,
    label,
    predictResult: score > threshold ? 1 : 0,
    predictScore: score,
    predictDetail: { '0': 1 - score, '1': score },
    type,
  };
}

/** `0:0.25;1:0.75`: FATE writes a JSON object here, whose commas the runner's unquoted CSV cannot hold. */
export function formatPredictDetail(detail: Readonly<Record<string, number>>): string {
  return Object.entries(detail)
    .map(([label, probability]) => `${label}:${probability}`)
    .join(';');
}

export function parsePredictDetail(cell: string, where: string): Record<string, number> {
  const detail: Record<string, number> = {};
  if (cell === '') return detail;
  for (const pair of cell.split(';')) {
    const [label, probability, extra] = pair.split(':');
    const value = Number(probability);
    if (label === undefined || label === '' || extra !== undefined || probability === '' || !Number.isFinite(value)) {
      throw new DataError(`${where}: predict_detail "${cell}" is not "<class>:<probability>;…"`);
    }
    detail[label] = value;
  }
  return detail;
}

/** The prediction table as CSV, the id column named `sid` (FATE keeps the input's id name). */
export function predictionTableCsv(rows: readonly PredictionRow[], sid = 'id'): string {
  return tableCsv(
    [sid, ...PREDICTION_COLUMNS],
    rows.map((row) => [
      row.id,
      row.label === null ? '' : String(row.label),
      String(row.predictResult),
      String(row.predictScore),
      formatPredictDetail(row.predictDetail),
      row.type,
    ]),
  );
}

function numberCell(cell: string, where: string, column: string): number {
  const value = cell.trim() === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) throw new DataError(`${where}, column "${column}": "${cell}" is not a number`);
  return value;
}

/** Reads an upstream prediction table, checking its header and every cell Evaluation relies on. */
export function readPredictionTable(table: InputTable): PredictionRow[] {
  const columns = table.header.slice(1);
  if (columns.join(',') !== PREDICTION_COLUMNS.join(',')) {
    throw new DataError(
      `${table.name} is not a prediction table: its columns after the id are ${columns.join(', ') || 'none'}, ` +
        `expected ${PREDICTION_COLUMNS.join(', ')}`,
    );
  }
  return table.rows.map((cells, index) => {
    const [id = '', label = '', result = '', score = '', detail = '', type = ''] = cells;
    const where = `${table.name} row ${index + 1} (id ${id})`;
    if (!(PREDICTION_TYPES as readonly string[]).includes(type)) {
      throw new DataError(`${where}: type "${type}" is not one of ${PREDICTION_TYPES.join(', ')}`);
    }
    return {
      id,
      label: label === '' ? null : numberCell(label, where, 'label'),
      predictResult: numberCell(result, where, 'predict_result'),
      predictScore: numberCell(score, where, 'predict_score'),
      predictDetail: parsePredictDetail(detail, where),
      type: type as PredictionType,
    };
  });
}
