import { describe, expect, it } from '@jest/globals';
import { DataError } from '../../../functions/domain/errors.js';
import type { TransferValue } from '../../../runner/components/component.js';
import { decodeTransferValue, encodeTransferValue } from '../../../runner/context/transfer-codec.js';

const text = (bytes: Uint8Array): string =>
  new TextDecoder().decode(bytes.subarray(5, 5 + Buffer.from(bytes).readUInt32BE(1)));

/** Bytes in the codec's layout, written by hand: the JSON, then each entry as [kind, its bytes]. */
function wire(json: string | Buffer, ...entries: [number, number[]][]): Buffer {
  const body = typeof json === 'string' ? Buffer.from(json) : json;
  const header = Buffer.from([1, 0, 0, 0, 0]);
  header.writeUInt32BE(body.byteLength, 1);
  const section = entries.map(([kind, bytes]) => {
    const entry = Buffer.from([kind, 0, 0, 0, 0, ...bytes]);
    entry.writeUInt32BE(bytes.length, 1);
    return entry;
  });
  return Buffer.concat([header, body, ...section]);
}
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

  it('writes the JSON with markers, then each bigint and byte array as raw bytes in the binary section', () => {
    const json = '{"n":{"$bigint":0},"m":{"$bigint":1},"z":{"$bigint":2},"b":{"$bytes":3}}';
    const expected = Buffer.concat([
      Buffer.from([1, 0, 0, 0, json.length]),
      Buffer.from(json),
      Buffer.from([1, 0, 0, 0, 2, 0x01, 0x00]), // 256n: big-endian, no leading zero byte
      Buffer.from([2, 0, 0, 0, 1, 0x10]), // -16n
      Buffer.from([1, 0, 0, 0, 0]), // 0n: no bytes
      Buffer.from([0, 0, 0, 0, 3, 1, 2, 3]),
    ]);

    expect(Buffer.from(encodeTransferValue({ n: 256n, m: -16n, z: 0n, b: new Uint8Array([1, 2, 3]) }))).toEqual(
      expected,
    );
  });

  it('carries a 320-ciphertext array in half the bytes of its hex JSON', () => {
    const ciphertexts = Array.from({ length: 320 }, (_, i) => 2n ** 2047n + BigInt(i) * 7919n);
    const hexJson = JSON.stringify(ciphertexts.map((c) => ({ $bigint: `0x${c.toString(16)}` })));
    const bytes = encodeTransferValue(ciphertexts);

    expect(bytes.byteLength).toBe(5 + JSON.stringify(ciphertexts.map((_, i) => ({ $bigint: i }))).length + 320 * 261);
    expect(bytes.byteLength / hexJson.length).toBeLessThan(0.55);
    expect(decodeTransferValue(bytes)).toEqual(ciphertexts);
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
    ['too short for a header', new Uint8Array([1, 0, 0]), 'corrupt at value: 3 bytes are too few for a header'],
    [
      'of another version (the JSON-only format)',
      new TextEncoder().encode('[1,2]'),
      'corrupt at value: unknown version 91',
    ],
    [
      'a JSON length that overruns',
      Buffer.from([1, 0, 0, 0, 9, 0x5b, 0x5d]),
      'corrupt at value: its JSON of 9 bytes overruns the value',
    ],
    [
      'a number JSON reads as infinite',
      wire('{"x":[1e999]}'),
      'corrupt at value.x[0]: Infinity is not a finite number',
    ],
    ['not UTF-8', wire(Buffer.from([0xff, 0xfe])), 'corrupt at value:'],
    ['not JSON', wire('{'), 'corrupt at value:'],
    ['an unknown marker', wire('{"a":{"$date":1}}'), 'corrupt at value.a: unknown marker "$date"'],
    ['a bigint marker with a string', wire('{"$bigint":"0x10"}'), 'corrupt at value: $bigint "0x10" is not an entry'],
    ['a marker past the entries', wire('[{"$bigint":1}]', [1, [5]]), 'corrupt at value[0]: $bigint 1 is not an entry'],
    [
      'a marker that is not an integer',
      wire('[{"$bytes":0.5}]', [0, [5]]),
      'corrupt at value[0]: $bytes 0.5 is not an entry',
    ],
    [
      'an entry used twice',
      wire('[{"$bigint":0},{"$bigint":0}]', [1, [5]]),
      'corrupt at value[1]: $bigint 0 is referred to twice',
    ],
    [
      'an entry no marker uses',
      wire('[{"$bigint":0}]', [1, [5]], [1, [6]]),
      'corrupt at value: binary entry 1 is not referred to',
    ],
    [
      'bytes under a bigint marker',
      wire('{"$bigint":0}', [0, [5]]),
      'corrupt at value: $bigint 0 is not a bigint entry',
    ],
    [
      'a bigint under a bytes marker',
      wire('{"$bytes":0}', [1, [5]]),
      'corrupt at value: $bytes 0 is not a byte array entry',
    ],
    ['an unknown entry kind', wire('{"$bytes":0}', [3, [5]]), 'corrupt at value (binary entry 0): unknown kind 3'],
    [
      'a magnitude with a leading zero',
      wire('{"$bigint":0}', [1, [0, 5]]),
      'corrupt at value (binary entry 0): a bigint magnitude with a leading zero byte',
    ],
    ['a negative zero', wire('{"$bigint":0}', [2, []]), 'corrupt at value (binary entry 0): a negative zero'],
    [
      'an entry that overruns',
      Buffer.concat([wire('1'), Buffer.from([0, 0, 0, 0, 4, 1])]),
      'corrupt at value (binary entry 0): its 4 bytes overrun the value',
    ],
    [
      'an entry header cut short',
      Buffer.concat([wire('1'), Buffer.from([0, 0])]),
      'corrupt at value (binary entry 0): its header is cut short',
    ],
  ])('refuses received bytes that are %s', (_, bytes, message) => {
    expect(() => decodeTransferValue(bytes)).toThrow(DataError);
    expect(() => decodeTransferValue(bytes)).toThrow(`received federation value is ${message}`);
  });
});
