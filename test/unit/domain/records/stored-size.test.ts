import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { MAX_RECORD_BYTES } from '../../../../functions/domain/limits.js';
import {
  assertRecordFits,
  storedSize,
  utf8Length,
  writeUnits,
} from '../../../../functions/domain/records/stored-size.js';

describe('storedSize, as DynamoDB counts an item', () => {
  it('counts attribute names and string values in UTF-8', () => {
    expect(storedSize({ name: 'abc' })).toBe(4 + 3);
    expect(storedSize({ é: 'ü€😀' })).toBe(2 + 2 + 3 + 4);
  });

  it('counts one byte per two significant digits of a number, plus one', () => {
    expect(storedSize({ n: 7 })).toBe(1 + 2);
    expect(storedSize({ n: 1000 })).toBe(1 + 2);
    expect(storedSize({ n: 123456 })).toBe(1 + 4);
    expect(storedSize({ n: -0.125 })).toBe(1 + 3);
  });

  it('counts 1 byte for null and booleans', () => {
    expect(storedSize({ a: null, b: true })).toBe(1 + 1 + 1 + 1);
  });

  it('counts 3 bytes for a list or map, 1 more per element, and the keys of maps', () => {
    expect(storedSize({ l: [] })).toBe(1 + 3);
    expect(storedSize({ l: ['ab', 'c'] })).toBe(1 + 3 + 2 + 2 + 1);
    expect(storedSize({ m: { key: 'v' } })).toBe(1 + 3 + 1 + 3 + 1);
  });

  it('leaves out undefined attributes, as the document client drops them', () => {
    expect(storedSize({ a: 'x', b: undefined, m: { c: undefined } })).toBe(1 + 1 + 1 + 3);
  });

  it('counts byte arrays by their length', () => {
    expect(storedSize({ b: new Uint8Array(10) })).toBe(1 + 10);
  });

  it('measures a list of a million numbers and a hundred thousand levels without overflowing', () => {
    expect(storedSize({ l: new Array(1_000_000).fill(1) })).toBe(1 + 3 + 1_000_000 * 3);
    let deep: unknown = 1;
    for (let index = 0; index < 100_000; index += 1) deep = [deep];
    expect(storedSize({ d: deep })).toBe(1 + 100_000 * 4 + 2);
  });
});

describe('utf8Length', () => {
  it('agrees with the encoder, a lone surrogate written as U+FFFD', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', '\ud800', 'a\udc00b']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('writeUnits', () => {
  it('is one per started KB, at least one', () => {
    expect([0, 1, 1024, 1025, 4096].map(writeUnits)).toEqual([1, 1, 1, 2, 4]);
  });
});

describe('assertRecordFits', () => {
  it('returns the size of a record within the limit', () => {
    expect(assertRecordFits({ a: 'x' }, 'the record', 'make it smaller')).toBe(2);
  });

  it('refuses a record over the limit, naming it, its size and the limit', () => {
    const record = { big: 'x'.repeat(MAX_RECORD_BYTES) };
    expect(() => assertRecordFits(record, 'the job record of guest 9999', 'send a smaller conf')).toThrow(
      new ArgumentError(
        `the job record of guest 9999 would take ${MAX_RECORD_BYTES + 3} bytes in the store, over the limit of ${MAX_RECORD_BYTES} bytes per record; send a smaller conf`,
      ),
    );
  });
});
