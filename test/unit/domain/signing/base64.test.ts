import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../../../functions/domain/signing/base64.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

/** RFC 4648 §10 test vectors. */
const RFC_4648_VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('encodeBase64', () => {
  it.each(RFC_4648_VECTORS)('encodes %j as the RFC 4648 vector %j', (plain, encoded) => {
    expect(encodeBase64(ascii(plain))).toBe(encoded);
  });

  it('uses the standard alphabet with + and /, not the URL-safe one', () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe('+/+/');
  });

  it('agrees with Node’s Buffer for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});

describe('decodeBase64', () => {
  it.each(RFC_4648_VECTORS)('decodes the RFC 4648 vector for %j', (plain, encoded) => {
    expect(decodeBase64(encoded)).toEqual(ascii(plain));
  });

  it('returns the bytes of whatever it encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['missing padding', 'Zg'],
    ['a length that is not a multiple of four', 'Zm9vY'],
    ['padding in the middle', 'Zg==Zm9v'],
    ['three padding characters', 'Z==='],
    ['a character outside the alphabet', 'Zm9v!A=='],
    ['URL-safe characters', '-_-_'],
    ['whitespace', 'Zm9v Zg=='],
    ['a trailing newline', 'Zm9v\n'],
    ['non-zero unused bits before ==', 'Zh=='],
    ['non-zero unused bits before =', 'Zm9='],
  ])('rejects %s', (_problem, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
