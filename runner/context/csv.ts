import { DataError } from '../../functions/domain/errors.js';

/**
 * The runner's tables are plain CSV as FATE stores them: a header line whose first cell names the
 * id column, then one row per line, cells split on the delimiter with no quoting (FATE splits
 * naively, so we do too: a component sees the same cells FATE's would).
 */
export interface ParsedCsv {
  /** The header line's cells, the id column first. */
  readonly header: string[];
  /** Every data row's cells. */
  readonly rows: string[][];
}

/** Splits a stored table into cells; `\r\n` and a missing final line end are accepted. */
export function parseCsv(text: string, delimiter: string): ParsedCsv {
  const [first, ...rest] = csvLines(text);
  if (first === undefined) throw new DataError('the table is empty: it has no header line');
  return { header: first.split(delimiter), rows: rest.map((line) => line.split(delimiter)) };
}

/** The table's lines; only the line ends after the last row are dropped: an empty line inside the table is a row fault. */
function csvLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** What a data output's meta records of its CSV, FATE's way: the id column apart from the features. */
export interface CsvSummary {
  readonly sid: string;
  readonly header: string[];
  readonly total: number;
  /** The CSV with exactly one `\n` after each line, as it is stored. */
  readonly normalized: string;
}

/** How many cells a line splits into at `,`. */
function cellCount(line: string): number {
  let count = 1;
  for (let at = line.indexOf(','); at !== -1; at = line.indexOf(',', at + 1)) count += 1;
  return count;
}

/**
 * Checks a CSV a component wants to store (`,`-separated) and summarises it. Every row must have
 * the header's width: a ragged table written here would only fail later, in another component, at
 * another party. The rows are checked by counting their commas, not split into cells: a
 * component's output is written once per task, and splitting a wide table's every cell only to
 * join them again was most of a Reader's own work.
 */
export function summarizeCsv(csv: string): CsvSummary {
  const lines = csvLines(csv);
  const [first, ...rows] = lines;
  if (first === undefined) throw new DataError('the table is empty: it has no header line');
  const [sid, ...features] = first.split(',');
  if (sid === undefined || sid === '') throw new DataError('the table has no id column: its header line is empty');
  const width = features.length + 1;
  rows.forEach((line, index) => {
    const cells = cellCount(line);
    if (cells !== width) {
      throw new DataError(`row ${index + 1} has ${cells} cells where the header has ${width}`, {
        details: { row: index + 1 },
      });
    }
  });
  return { sid, header: features, total: rows.length, normalized: `${lines.join('\n')}\n` };
}
