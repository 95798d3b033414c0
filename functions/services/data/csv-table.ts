import { DataError } from '../../domain/errors.js';
import { MAX_TABLE_COLUMNS, MAX_TABLE_HEADER_BYTES, MAX_TABLE_LINE_CHARS } from '../../domain/limits.js';
import { utf8Length } from '../../domain/records/stored-size.js';
import { IdFingerprints } from './id-fingerprints.js';

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

/** The table's columns and its data rows counted, once every line is read. */
export type CsvTableSummary = Omit<CsvTable, 'rows'>;

/** Reads a whole table held in memory (the API's direct upload, under its body limit; tests). */
export function readCsvTable(content: Uint8Array | string, options: CsvTableOptions): CsvTable {
  const lines = new CsvLineSplitter();
  const text = decode(content);
  const reader = new CsvTableReader(options);
  const out = [...lines.push(text), ...lines.end()].map((line) => reader.line(line));
  const { sid, header, count } = reader.summary();
  return { sid, header, count, rows: `${out.join('\n')}\n` };
}

/**
 * Checks and normalises a table one line at a time, so that a table of any size is read holding
 * one line and the ids' fingerprints: the first line gives the columns (and is the header line out,
 * or with `head: false` also the first row), every line after is checked against them.
 */
export class CsvTableReader {
  private columns: { readonly sid: string; readonly header: readonly string[]; readonly width: number } | undefined;
  private lineNumber = 0;
  private count = 0;
  private readonly ids = new IdFingerprints();

  constructor(private readonly options: CsvTableOptions) {}

  /** The normalised form of the next content line (see CsvLineSplitter), the header line first. */
  line(text: string): string {
    this.lineNumber += 1;
    const { idDelimiter: delimiter } = this.options;
    if (this.columns === undefined) {
      const { sid, header } = columnsOf(text, this.options);
      this.columns = { sid, header, width: this.options.extendSid ? header.length : header.length + 1 };
      const headerLine = [sid, ...header].join(delimiter);
      if (this.options.head) return headerLine;
      return `${headerLine}\n${this.row(text)}`;
    }
    return this.row(text);
  }

  /** Throws if no line was read: a table needs at least its first line. */
  summary(): CsvTableSummary {
    if (this.columns === undefined) throw new DataError('the uploaded file is empty');
    return { sid: this.columns.sid, header: this.columns.header, count: this.count };
  }

  private row(line: string): string {
    const lineNumber = this.lineNumber;
    const width = this.columns?.width ?? 0;
    if (line === '') throw new DataError(`line ${lineNumber} is empty`, { details: { line: lineNumber } });
    const cells = line.split(this.options.idDelimiter);
    if (cells.length !== width) {
      const widthOf = this.options.head ? 'the header has' : 'line 1 has';
      throw new DataError(`line ${lineNumber} has ${cells.length} columns where ${widthOf} ${width}`, {
        details: { line: lineNumber, columns: cells.length, expected: width },
      });
    }
    const index = this.count;
    this.count += 1;
    if (this.options.extendSid) return `${this.options.sidPrefix ?? ''}${index}${this.options.idDelimiter}${line}`;
    checkId(cells[0] ?? '', lineNumber, this.ids);
    return line;
  }
}

/**
 * Cuts text into lines as `split(/\r?\n/)` would, across chunks, holding back whitespace-only
 * lines until a line with content follows them: trailing blank lines are dropped (FATE's files
 * often end with some), blank lines inside the table are still read (and refused).
 */
export class CsvLineSplitter {
  private partial = '';
  private held: string[] = [];
  private complete = 0;

  push(text: string): string[] {
    const pieces = (this.partial + text).split('\n');
    this.partial = pieces.pop() ?? '';
    this.checkLength(this.partial, this.complete + pieces.length + 1);
    return this.release(pieces);
  }

  end(): string[] {
    const last = this.partial;
    this.partial = '';
    const lines = this.release([last]);
    this.held = [];
    return lines;
  }

  private release(pieces: readonly string[]): string[] {
    const out: string[] = [];
    for (const piece of pieces) {
      this.complete += 1;
      this.checkLength(piece, this.complete);
      const line = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
      if (line.trim() === '') {
        this.held.push(line);
        continue;
      }
      out.push(...this.held, line);
      this.held = [];
    }
    return out;
  }

  private checkLength(line: string, lineNumber: number): void {
    if (line.length <= MAX_TABLE_LINE_CHARS) return;
    throw new DataError(`line ${lineNumber} is over the limit of ${MAX_TABLE_LINE_CHARS} characters`, {
      details: { line: lineNumber, limit: MAX_TABLE_LINE_CHARS },
    });
  }
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

function columnsOf(firstLine: string, options: CsvTableOptions): { sid: string; header: readonly string[] } {
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
    return { sid: options.extendSid ? EXTENDED_SID : 'id', header };
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
    return { sid: EXTENDED_SID, header: cells };
  }
  return { sid: cells[0] ?? '', header: cells.slice(1) };
}

/**
 * FATE stores a table as id → row, so a repeated id silently overwrites a row (and the count
 * drops). We refuse it instead: a federated intersection on such a table is quietly wrong.
 */
function checkId(id: string, lineNumber: number, ids: IdFingerprints): void {
  if (id === '') throw new DataError(`line ${lineNumber} has an empty id`, { details: { line: lineNumber } });
  const earlier = ids.add(id, lineNumber);
  if (earlier !== undefined) {
    throw new DataError(`line ${lineNumber} repeats the id "${id}" of line ${earlier}`, {
      details: { line: lineNumber, id },
    });
  }
}
