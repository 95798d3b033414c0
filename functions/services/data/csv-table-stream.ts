import { DataError } from '../../domain/errors.js';
import { CsvLineSplitter, type CsvTableOptions, CsvTableReader, type CsvTableSummary } from './csv-table.js';

/** Rows go out in chunks of about this many bytes: few enough writes, little memory. */
const OUT_CHUNK_CHARS = 64 * 1024;

/**
 * Reads an uploaded table from a stream of bytes of any size, as `readCsvTable` reads one in
 * memory: `columns()` reads up to the first line, `rows()` gives the normalised table (its header
 * line first) as it reads the rest, throwing the first DataError where it finds it, and `summary()`
 * has the count once `rows()` has ended.
 */
export class CsvTableStream {
  private readonly reader: CsvTableReader;
  private readonly lines: AsyncGenerator<string>;
  private first: string | undefined;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: CsvTableOptions) {
    this.reader = new CsvTableReader(options);
    this.lines = contentLines(source);
  }

  /** The columns, from the first line; nothing else is read yet. */
  async columns(): Promise<Omit<CsvTableSummary, 'count'>> {
    if (this.first === undefined) {
      const next = await this.lines.next();
      if (next.done) throw new DataError('the uploaded file is empty');
      this.first = this.reader.line(next.value);
    }
    const { sid, header } = this.reader.summary();
    return { sid, header };
  }

  async *rows(): AsyncGenerator<Uint8Array> {
    await this.columns();
    const encoder = new TextEncoder();
    let out = `${this.first}\n`;
    for await (const line of this.lines) {
      out += `${this.reader.line(line)}\n`;
      if (out.length >= OUT_CHUNK_CHARS) {
        yield encoder.encode(out);
        out = '';
      }
    }
    if (out !== '') yield encoder.encode(out);
  }

  summary(): CsvTableSummary {
    return this.reader.summary();
  }
}

/** The UTF-8 source's lines as CsvLineSplitter gives them. */
async function* contentLines(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<string> {
  // fatal: bytes that are not UTF-8 are refused; a leading BOM is dropped (ignoreBOM is false).
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const splitter = new CsvLineSplitter();
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw new DataError('the uploaded file is not UTF-8 text', { cause: error });
    }
  };
  for await (const chunk of source) yield* splitter.push(decode(chunk));
  yield* splitter.push(decode());
  yield* splitter.end();
}
