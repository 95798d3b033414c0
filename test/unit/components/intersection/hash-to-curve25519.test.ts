import { describe, expect, it } from '@jest/globals';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import {
  invert,
  invertAll,
  legendre,
  P,
  powPminus5over8,
} from '../../../../runner/components/intersection/field25519.js';
import { hashToCurve25519U } from '../../../../runner/components/intersection/hash-to-curve25519.js';
import { modPow, windowedModPow } from '../../../../runner/components/intersection/modular.js';

/** A u-coordinate (32 bytes little-endian) as a bigint. */
const uOf = (bytes: Uint8Array | undefined): bigint => {
  if (bytes === undefined) throw new Error('one point per message');
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
};
/** Curve25519's u of the edwards25519 point with this y: (1 + y) / (1 − y). */
const uFromEdwardsY = (y: bigint): bigint => ((1n + y) * modPow(P - y + 1n, P - 2n, P)) % P;

describe('GF(2^255 − 19) arithmetic of the hash to the curve', () => {
  const samples = [
    1n,
    2n,
    486662n,
    P - 1n,
    2n ** 254n + 12345n,
    0x7fedcba9876543210fedcba9876543210fedcba98765432100123456789abcden,
  ];

  it('raises to (P − 5) / 8, inverts and takes Legendre symbols as modPow does', () => {
    for (const z of samples) {
      expect(powPminus5over8(z)).toBe(modPow(z, (P - 5n) / 8n, P));
      expect(invert(z)).toBe(modPow(z, P - 2n, P));
      expect(legendre(z)).toBe(modPow(z, (P - 1n) / 2n, P));
    }
    expect(invertAll(samples)).toEqual(samples.map((z) => modPow(z, P - 2n, P)));
    expect(legendre(2n)).toBe(P - 1n);
    expect(legendre(4n)).toBe(1n);
    expect(legendre(0n)).toBe(0n);
  });

  it('raises to (P − 5) / 8 through OpenSSL as BigInt windows do, for 0, P − 1 and values of every length, and refuses values outside [0, P)', () => {
    const values = [0n, P - 1n, ...Array.from({ length: 32 }, (_, i) => 7n ** BigInt(4 * i + 3) % P)];
    for (const z of values) expect(powPminus5over8(z)).toBe(windowedModPow(z, (P - 5n) / 8n, P));
    expect(() => powPminus5over8(P)).toThrow(RangeError);
    expect(() => powPminus5over8(-1n)).toThrow(RangeError);
  });
});

describe('hash to Curve25519 (RFC 9380 edwards25519_XMD:SHA-512_ELL2_RO_, as Montgomery u)', () => {
  it("gives RFC 9380's test vectors (Appendix J.5.1), P.y carried to u = (1 + y) / (1 − y)", () => {
    const dst = 'QUUX-V01-CS02-with-edwards25519_XMD:SHA-512_ELL2_RO_';
    const vectors: readonly (readonly [string, string])[] = [
      ['', '09a6c8561a0b22bef63124c588ce4c62ea83a3c899763af26d795302e115dc21'],
      ['abc', '1a8395b88338f22e435bbd301183e7f20a5f9de643f11882fb237f88268a5531'],
      ['abcdef0123456789', '53060a3d140e7fbcda641ed3cf42c88a75411e648a1add71217f70ea8ec561a6'],
      [`q128_${'q'.repeat(128)}`, '2eca15e355fcfa39d2982f67ddb0eea138e2994f5956ed37b7f72eea5e89d2f7'],
      [`a512_${'a'.repeat(512)}`, '6dc2fc04f266c5c27f236a80b14f92ccd051ef1ff027f26a07f8c0f327d8f995'],
    ];
    const points = hashToCurve25519U(
      vectors.map(([message]) => Buffer.from(message, 'utf8')),
      dst,
    );
    expect(points.map(uOf)).toEqual(vectors.map(([, y]) => uFromEdwardsY(BigInt(`0x${y}`))));
  });

  it('agrees with @noble/curves hashToCurve on many messages, one batch or one at a time', () => {
    const dst = 'fate-flow-serverless:intersection:ecdh-x25519:v2';
    const messages = Array.from({ length: 40 }, (_, i) => Buffer.from(`id-${i}-${'x'.repeat(i)}`, 'utf8'));
    const Fp = ed25519.Point.Fp;
    const expected = messages.map((message) => {
      const point = ed25519_hasher.hashToCurve(message, { DST: dst });
      return Fp.div(Fp.add(point.Z, point.Y), Fp.sub(point.Z, point.Y));
    });
    expect(hashToCurve25519U(messages, dst).map(uOf)).toEqual(expected);
    expect(messages.map((message) => uOf(hashToCurve25519U([message], dst)[0]))).toEqual(expected);
    expect(hashToCurve25519U([], dst)).toEqual([]);
  });

  it('refuses a domain separation tag longer than 255 bytes', () => {
    expect(() => hashToCurve25519U([new Uint8Array(1)], 'd'.repeat(256))).toThrow('at most 255 bytes');
  });
});
