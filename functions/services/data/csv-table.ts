import { DataError } from '../../domain/errors.js';
import { MAX_TABLE_COLUMNS, MAX_TABLE_HEADER_BYTES } from '../../domain/limits.js';
import { utf8Length } from '../../domain/records/stored-size.js';

/**
 * Reads an uploaded table the way FATE's Upload component does: one row per line, cells split
 * on `id_delimiter` with no quoting (FATE splits naively too, so a quoted cell holding the
 * delimiter would be several cells there as well), the first column the id (FATE's `sid`).
 */

export interface CsvTableOptions {
  /** The first line is the header. */
  readonly head: boolean;
  readonly idDelimiter: string;
  /** Prepend a generated id column `sid`; every original column becomes a feature. */
  readonly extendSid: boolean;
  /**
   * Put before each generated row index (with extendSid), e.g. the upload job id, so that tables
   * uploaded apart do not share ids. @default '' (plain row indexes, FATE's auto_increasing_sid)
   */
  readonly sidPrefix?: string;
}

export interface CsvTable {
  /** The id column's name. */
  readonly sid: string;
  /** The other columns' names, in file order. */
  readonly header: readonly string[];
  /** Data rows, without the header. */
  readonly count: number;
  /**
   * The table normalised: a header line (`sid`, then `header`) then the rows, cells joined by
   * `idDelimiter`, `\n` line ends, no BOM, no trailing blank lines.
   */
  readonly rows: string;
}

export const EXTENDED_SID = 'sid';

export function readCsvTable(content: Uint8Array | string, options: CsvTableOptions): CsvTable {
  const { idDelimiter: delimiter } = options;
  const lines = decode(content).split(/\r?\n/);
  while (lines.length > 0 && (lines.at(-1) ?? '').trim() === '') lines.pop();
  const first = lines[0];
  if (first === undefined) throw new DataError('the uploaded file is empty');

  const { sid, header, dataStart } = columnsOf(first, options);
  const width = options.extendSid ? header.length : header.length + 1;
  const widthOf = options.head ? 'the header has' : 'line 1 has';
  const out = [[sid, ...header].join(delimiter)];
  const idLines = new Map<string, number>();

  for (let index = dataStart; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    if (line === '') throw new DataError(`line ${lineNumber} is empty`, { details: { line: lineNumber } });
    const cells = line.split(delimiter);
    if (cells.length !== width) {
      throw new DataError(`line ${lineNumber} has ${cells.length} columns where ${widthOf} ${width}`, {
        details: { line: lineNumber, columns: cells.length, expected: width },
      });
    }
    if (options.extendSid) {
      out.push(`${options.sidPrefix ?? ''}${index - dataStart}${delimiter}${line}`);
      continue;
    }
    checkId(cells[0] ?? '', lineNumber, idLines);
    out.push(line);
  }
  return { sid, header, count: out.length - 1, rows: `${out.join('\n')}\n` };
}

function decode(content: Uint8Array | string): string {
  if (typeof content === 'string') return content.startsWith('\uFEFF') ? content.slice(1) : content;
  try {
    // TextDecoder drops a leading UTF-8 BOM itself (ignoreBOM defaults to false).
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch (error) {
    throw new DataError('the uploaded file is not UTF-8 text', { cause: error });
  }
}

function columnsOf(
  firstLine: string,
  options: CsvTableOptions,
): { sid: string; header: readonly string[]; dataStart: number } {
  const cells = firstLine.split(options.idDelimiter);
  // The header is stored with the table and with the upload's output, each an item of at most 400 KB.
  if (cells.length > MAX_TABLE_COLUMNS) {
    throw new DataError(`line 1 has ${cells.length} columns, over the limit of ${MAX_TABLE_COLUMNS}`, {
      details: { line: 1, columns: cells.length, limit: MAX_TABLE_COLUMNS },
    });
  }
  const headerBytes = options.head ? utf8Length(firstLine) : 0;
  if (headerBytes > MAX_TABLE_HEADER_BYTES) {
    throw new DataError(`the header line is ${headerBytes} bytes, over the limit of ${MAX_TABLE_HEADER_BYTES}`, {
      details: { line: 1, bytes: headerBytes, limit: MAX_TABLE_HEADER_BYTES },
    });
  }
  if (!options.head) {
    // No header: FATE names the features x0..xN-1 after the id column.
    const features = options.extendSid ? cells.length : cells.length - 1;
    const header = Array.from({ length: features }, (_, index) => `x${index}`);
    return { sid: options.extendSid ? EXTENDED_SID : 'id', header, dataStart: 0 };
  }
  const seen = new Set<string>();
  cells.forEach((name, index) => {
    if (name.trim() === '') throw new DataError(`header column ${index + 1} has no name`);
    if (seen.has(name)) throw new DataError(`header names the column "${name}" twice`);
    seen.add(name);
  });
  if (options.extendSid) {
    if (seen.has(EXTENDED_SID)) {
      throw new DataError(`header already has a "${EXTENDED_SID}" column; extend_sid would add a second one`);
    }
    return { sid: EXTENDED_SID, header: cells, dataStart: 1 };
  }
  return { sid: cells[0] ?? '', header: cells.slice(1), dataStart: 1 };
}

/**
 * FATE stores a table as id → row, so a repeated id silently overwrites a row (and the count
 * drops). We refuse it instead: a federated intersection on such a table is quietly wrong.
 */
function checkId(id: string, lineNumber: number, idLines: Map<string, number>): void {
  if (id === '') throw new DataError(`line ${lineNumber} has an empty id`, { details: { line: lineNumber } });
  const earlier = idLines.get(id);
  if (earlier !== undefined) {
    throw new DataError(`line ${lineNumber} repeats the id "${id}" of line ${earlier}`, {
      details: { line: lineNumber, id },
    });
  }
  idLines.set(id, lineNumber);
}
