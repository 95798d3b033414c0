import { describe, expect, it } from '@jest/globals';
import { DataError, RetCode } from '../../../../functions/domain/errors.js';
import { type CsvTableOptions, readCsvTable } from '../../../../functions/services/data/csv-table.js';

const withHead: CsvTableOptions = { head: true, idDelimiter: ',', extendSid: false };
const noHead: CsvTableOptions = { head: false, idDelimiter: ',', extendSid: false };
const bytes = (text: string) => new TextEncoder().encode(text);

function errorOf(call: () => unknown): DataError {
  try {
    call();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

/** A table shaped like FATE's breast_hetero_guest: 569 rows of id, y, x0..x9. */
function breastLike(): string {
  const header = ['id', 'y', ...Array.from({ length: 10 }, (_, index) => `x${index}`)].join(',');
  const rows = Array.from({ length: 569 }, (_, row) => {
    const features = Array.from({ length: 10 }, (_, column) => (((row * 31 + column * 7) % 200) / 100 - 1).toFixed(6));
    return [String(133 + row * 3), String(row % 3 === 0 ? 0 : 1), ...features].join(',');
  });
  return `${header}\n${rows.join('\n')}\n`;
}

describe('readCsvTable', () => {
  it('takes the header line, its first column as the id and the rest as features', () => {
    expect(readCsvTable(bytes('id,y,x0,x1\n133,1,0.25,-1.5\n273,0,0.5,2\n'), withHead)).toEqual({
      sid: 'id',
      header: ['y', 'x0', 'x1'],
      count: 2,
      rows: 'id,y,x0,x1\n133,1,0.25,-1.5\n273,0,0.5,2\n',
    });
  });

  it('reads a 569-row table and keeps its rows unchanged', () => {
    const csv = breastLike();
    const table = readCsvTable(bytes(csv), withHead);
    expect(table.sid).toBe('id');
    expect(table.header).toEqual(['y', 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9']);
    expect(table.count).toBe(569);
    expect(table.rows).toBe(csv);
  });

  it('names the columns id, x0..xN-1 when the file has no header', () => {
    expect(readCsvTable(bytes('a,1,2,3\nb,4,5,6\n'), noHead)).toEqual({
      sid: 'id',
      header: ['x0', 'x1', 'x2'],
      count: 2,
      rows: 'id,x0,x1,x2\na,1,2,3\nb,4,5,6\n',
    });
  });

  it('reads CRLF line ends, a UTF-8 BOM and no final line end the same as plain LF text', () => {
    const plain = readCsvTable(bytes('id,x0\n1,0.5\n2,0.7\n'), withHead);
    expect(readCsvTable(bytes('\uFEFFid,x0\r\n1,0.5\r\n2,0.7'), withHead)).toEqual(plain);
    expect(readCsvTable('\uFEFFid,x0\r\n1,0.5\r\n2,0.7\r\n', withHead)).toEqual(plain);
  });

  it('ignores empty lines at the end of the file', () => {
    expect(readCsvTable(bytes('id,x0\n1,0.5\n\n\r\n  \n'), withHead)).toEqual({
      sid: 'id',
      header: ['x0'],
      count: 1,
      rows: 'id,x0\n1,0.5\n',
    });
  });

  it('reads a header without rows as an empty table', () => {
    expect(readCsvTable(bytes('id,y,x0\n'), withHead)).toEqual({
      sid: 'id',
      header: ['y', 'x0'],
      count: 0,
      rows: 'id,y,x0\n',
    });
  });

  it('splits on the given delimiter and keeps it in the rows', () => {
    expect(readCsvTable(bytes('id\tx0\tx1\n1\t0,5\t2\n'), { ...withHead, idDelimiter: '\t' })).toEqual({
      sid: 'id',
      header: ['x0', 'x1'],
      count: 1,
      rows: 'id\tx0\tx1\n1\t0,5\t2\n',
    });
  });

  it('refuses a row whose column count differs from the header, naming the line and both counts', () => {
    const error = errorOf(() => readCsvTable(bytes('id,y,x0\n1,0,0.5\n2,1\n'), withHead));
    expect(error.retcode).toBe(RetCode.DATA_ERROR);
    expect(error.message).toBe('line 3 has 2 columns where the header has 3');
    expect(error.details).toEqual({ line: 3, columns: 2, expected: 3 });
  });

  it('measures rows against the first line when there is no header', () => {
    expect(errorOf(() => readCsvTable(bytes('a,1\nb,2,3\n'), noHead)).message).toBe(
      'line 2 has 3 columns where line 1 has 2',
    );
  });

  it('counts lines from 1 including the header, and across CRLF line ends', () => {
    expect(errorOf(() => readCsvTable(bytes('id,x0\r\n1,2\r\n2,3\r\n3,4,5\r\n'), withHead)).message).toBe(
      'line 4 has 3 columns where the header has 2',
    );
  });

  it('refuses an empty line between rows', () => {
    expect(errorOf(() => readCsvTable(bytes('id,x0\n1,2\n\n3,4\n'), withHead)).message).toBe('line 3 is empty');
  });

  it.each([
    ['an empty file', new Uint8Array()],
    ['only line ends', bytes('\n\r\n\n')],
    ['only a BOM', Uint8Array.from([0xef, 0xbb, 0xbf])],
  ])('refuses %s', (_what, content) => {
    const error = errorOf(() => readCsvTable(content, withHead));
    expect(error.message).toBe('the uploaded file is empty');
    expect(error.retcode).toBe(RetCode.DATA_ERROR);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(errorOf(() => readCsvTable(Uint8Array.from([0x69, 0x64, 0x0a, 0xff, 0xfe]), withHead)).message).toBe(
      'the uploaded file is not UTF-8 text',
    );
  });

  it('refuses a repeated id, which FATE would silently collapse into one row', () => {
    expect(errorOf(() => readCsvTable(bytes('id,x0\n7,1\n8,2\n7,3\n'), withHead)).message).toBe(
      'line 4 repeats the id "7" of line 2',
    );
  });

  it('refuses an empty id', () => {
    expect(errorOf(() => readCsvTable(bytes('id,x0\n,1\n'), withHead)).message).toBe('line 2 has an empty id');
  });

  it.each([
    ['id,x0,x0\n1,2,3\n', 'header names the column "x0" twice'],
    ['id,,x1\n1,2,3\n', 'header column 2 has no name'],
  ])('refuses the header of %j', (csv, message) => {
    expect(errorOf(() => readCsvTable(bytes(csv), withHead)).message).toBe(message);
  });

  describe('with extend_sid', () => {
    it('prepends a generated sid column and keeps every original column as a feature', () => {
      expect(readCsvTable(bytes('id,y,x0\n133,1,0.5\n273,0,0.7\n'), { ...withHead, extendSid: true })).toEqual({
        sid: 'sid',
        header: ['id', 'y', 'x0'],
        count: 2,
        rows: 'sid,id,y,x0\n0,133,1,0.5\n1,273,0,0.7\n',
      });
    });

    it('puts the given prefix before each row index', () => {
      const table = readCsvTable(bytes('1,2\n3,4\n'), { ...noHead, extendSid: true, sidPrefix: 'job1_' });
      expect(table).toEqual({
        sid: 'sid',
        header: ['x0', 'x1'],
        count: 2,
        rows: 'sid,x0,x1\njob1_0,1,2\njob1_1,3,4\n',
      });
    });

    it('allows repeated values in the original first column, since it is no longer the id', () => {
      expect(readCsvTable(bytes('k,x0\n7,1\n7,2\n'), { ...withHead, extendSid: true }).count).toBe(2);
    });

    it('refuses a header that already has a sid column', () => {
      expect(errorOf(() => readCsvTable(bytes('sid,x0\n1,2\n'), { ...withHead, extendSid: true })).message).toBe(
        'header already has a "sid" column; extend_sid would add a second one',
      );
    });

    it('still checks every row against the column count', () => {
      expect(errorOf(() => readCsvTable(bytes('id,x0\n1,2\n3\n'), { ...withHead, extendSid: true })).message).toBe(
        'line 3 has 1 columns where the header has 2',
      );
    });
  });
});
