import { describe, expect, it } from '@jest/globals';
import { DataError } from '../../../../functions/domain/errors.js';
import { MAX_TABLE_LINE_CHARS } from '../../../../functions/domain/limits.js';
import { CsvTableStream } from '../../../../functions/services/data/csv-table-stream.js';
import { IdFingerprints } from '../../../../functions/services/data/id-fingerprints.js';

const withHead = { head: true, idDelimiter: ',', extendSid: false };

/** The stream's normalised text and summary, the source cut into chunks of `size` bytes. */
async function read(content: string | Uint8Array, size: number, options = withHead) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const source = (async function* () {
    for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
  })();
  const table = new CsvTableStream(source, options);
  const columns = await table.columns();
  const out: Buffer[] = [];
  for await (const chunk of table.rows()) out.push(Buffer.from(chunk));
  return { columns, rows: Buffer.concat(out).toString(), summary: table.summary() };
}

describe('CsvTableStream', () => {
  it('reads a table cut anywhere (inside a line, a CRLF, a multi-byte character) as readCsvTable does', async () => {
    const csv = '\uFEFFid,y,name\r\n1,0,é\r\n2,1,日本\r\n\r\n\n';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await read(csv, size)).toEqual({
        columns: { sid: 'id', header: ['y', 'name'] },
        rows: 'id,y,name\n1,0,é\n2,1,日本\n',
        summary: { sid: 'id', header: ['y', 'name'], count: 2 },
      });
    }
  });

  it('gives the columns from the first line before reading the rest', async () => {
    let pulled = 0;
    const source = (async function* () {
      for (const line of ['id,x0\n', '1,2\n', '3,4\n']) {
        pulled += 1;
        yield Buffer.from(line);
      }
    })();
    const table = new CsvTableStream(source, withHead);
    expect(await table.columns()).toEqual({ sid: 'id', header: ['x0'] });
    expect(pulled).toBe(1);
  });

  it('throws the first bad line while streaming, and refuses an empty file and bytes that are not UTF-8', async () => {
    await expect(read('id,x0\n1,2\n1,3\n', 4)).rejects.toThrow('line 3 repeats the id "1" of line 2');
    await expect(read('id,x0\n1,2\n\n3,4\n', 4)).rejects.toThrow('line 3 is empty');
    await expect(read('\n\r\n', 1)).rejects.toThrow('the uploaded file is empty');
    await expect(read(Uint8Array.from([0x69, 0x64, 0x0a, 0x31, 0xff, 0x0a]), 2)).rejects.toThrow(
      'the uploaded file is not UTF-8 text',
    );
  });

  it('refuses a line over the limit without waiting for its end', async () => {
    const long = `id,x0\n1,${'9'.repeat(MAX_TABLE_LINE_CHARS)}`;
    const error = await read(long, 64 * 1024).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(`line 2 is over the limit of ${MAX_TABLE_LINE_CHARS} characters`);
  });
});

describe('IdFingerprints', () => {
  it('finds every repeat across growth, with the line it was first seen on', () => {
    const ids = new IdFingerprints(4);
    for (let line = 1; line <= 50_000; line += 1) expect(ids.add(`id-${line}`, line)).toBeUndefined();
    expect(ids.add('id-1', 50_001)).toBe(1);
    expect(ids.add('id-49999', 50_002)).toBe(49_999);
    expect(ids.add('id-50001', 50_003)).toBeUndefined();
  });
});
