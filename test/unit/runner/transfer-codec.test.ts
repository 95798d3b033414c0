import { describe, expect, it } from '@jest/globals';
import type { TransferValue } from '../../../runner/components/component.js';
import { decodeTransferValue, encodeTransferValue } from '../../../runner/context/transfer-codec.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const roundTrip = (value: TransferValue): TransferValue => decodeTransferValue(encodeTransferValue(value));

describe('the federation value codec', () => {
  it('round-trips JSON values, bigints of any size and sign, and byte arrays nested anywhere', () => {
    const value: TransferValue = {
      text: 'ünïcode ✓',
      count: 42,
      ratio: -0.125,
      flag: true,
      nothing: null,
      zero: 0n,
      negative: -(2n ** 200n) - 7n,
      ciphertext: 3n ** 2000n,
      points: [new Uint8Array([0, 1, 254, 255]), new Uint8Array(), [1n, 'two', [3]]],
      nested: { deeper: { bytes: new Uint8Array(300).fill(9) } },
    };

    expect(roundTrip(value)).toEqual(value);
  });

  it('writes a bigint as hex and bytes as base64, keeping the JSON readable', () => {
    expect(text(encodeTransferValue({ n: 255n, m: -16n, b: new Uint8Array([1, 2, 3]) }))).toBe(
      '{"n":{"$bigint":"0xff"},"m":{"$bigint":"-0x10"},"b":{"$bytes":"AQID"}}',
    );
  });

  it('reads a bigint written in decimal too', () => {
    const bytes = new TextEncoder().encode('[{"$bigint":"-123456789012345678901234567890"}]');

    expect(decodeTransferValue(bytes)).toEqual([-123456789012345678901234567890n]);
  });

  it('keeps a component object whose keys look like markers, and a "__proto__" key as a plain key', () => {
    const value = JSON.parse('{"$bigint":"5","$$x":1,"$bytes":[1],"__proto__":{"a":1}}') as TransferValue;
    const back = roundTrip(value) as Record<string, TransferValue>;

    expect(text(encodeTransferValue({ $bigint: '5' }))).toBe('{"$$bigint":"5"}');
    expect(back).toEqual(value);
    expect(Object.keys(back)).toEqual(['$bigint', '$$x', '$bytes', '__proto__']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('gives a Buffer back as a plain Uint8Array with the same bytes', () => {
    const back = roundTrip(Buffer.from('abc'));

    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back)).toBe(false);
    expect([...(back as Uint8Array)]).toEqual([97, 98, 99]);
  });

  it.each([
    ['undefined', { a: undefined }, 'value.a: a undefined cannot be sent'],
    ['a function', [1, () => 1], 'value[1]: a function cannot be sent'],
    ['a symbol', { s: Symbol('s') }, 'value.s: a symbol cannot be sent'],
    ['NaN', { x: [Number.NaN] }, 'value.x[0]: NaN cannot be sent'],
    ['Infinity', Number.POSITIVE_INFINITY, 'value: Infinity cannot be sent'],
    ['a hole in an array', Object.assign(new Array(3), { 0: 1, 2: 3 }), 'value[1]: a hole cannot be sent'],
    ['a Date', { when: new Date(0) }, 'value.when: a Date object cannot be sent'],
    ['a Map', new Map(), 'value: a Map object cannot be sent'],
    ['another typed array', { w: new Float64Array(2) }, 'value.w: a Float64Array object cannot be sent'],
  ])('refuses %s, naming where it is', (_, value, message) => {
    expect(() => encodeTransferValue(value as unknown as TransferValue)).toThrow(
      `${message} to another party (send JSON values, bigints and Uint8Arrays)`,
    );
  });

  it('refuses a value that contains itself, but not the same object twice side by side', () => {
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };

    expect(roundTrip({ x: shared, y: shared })).toEqual({ x: { v: 1 }, y: { v: 1 } });
    expect(() => encodeTransferValue(cyclic as TransferValue)).toThrow(
      'value.self.back: a value that contains itself cannot be sent',
    );
  });

  it.each([
    ['not UTF-8', new Uint8Array([0xff, 0xfe]), 'received federation value is corrupt at value:'],
    ['not JSON', new TextEncoder().encode('{'), 'received federation value is corrupt at value:'],
    [
      'an unknown marker',
      new TextEncoder().encode('{"a":{"$date":1}}'),
      'received federation value is corrupt at value.a: unknown marker "$date"',
    ],
    [
      'a bigint that is not an integer',
      new TextEncoder().encode('{"$bigint":"1.5"}'),
      'received federation value is corrupt at value: $bigint "1.5" is not an integer',
    ],
    [
      'bytes that are not canonical base64',
      new TextEncoder().encode('[{"$bytes":"A-_"}]'),
      'received federation value is corrupt at value[0]: $bytes is not canonical base64',
    ],
  ])('refuses received bytes that are %s', (_, bytes, message) => {
    expect(() => decodeTransferValue(bytes)).toThrow(message);
  });
});
