import { describe, expect, it } from '@jest/globals';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import {
  invert,
  invertAll,
  legendre,
  P,
  powPminus5over8,
} from '../../../../runner/components/intersection/field25519.js';
import { encodeToCurve25519U } from '../../../../runner/components/intersection/hash-to-curve25519.js';
import { modPow, windowedModPow } from '../../../../runner/components/intersection/modular.js';

/** A u-coordinate (32 bytes little-endian) as a bigint. */
const uOf = (bytes: Uint8Array | undefined): bigint => {
  if (bytes === undefined) throw new Error('one point per message');
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
};

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

/**
 * x([2]Q) from x(Q) on Curve25519 (RFC 7748's doubling, affine): (x² − 1)² / (4x·(x² + A·x + 1)).
 * Three of them clear the cofactor, which the encoding leaves to X25519's clamped scalar.
 */
const doubleU = (x: bigint): bigint => {
  const numerator = (x * x - 1n) ** 2n % P;
  const denominator = (4n * x * ((x * x + 486662n * x + 1n) % P)) % P;
  return (numerator * modPow(denominator, P - 2n, P)) % P;
};
const clearedU = (u: bigint): bigint => doubleU(doubleU(doubleU(u)));

describe("encode to Curve25519 (RFC 9380 curve25519_XMD:SHA-512_ELL2_NU_, the map's Q.x)", () => {
  // RFC 9380, Appendix J.4.2: each message's Q.x (the map's point) and P.x (= [8]Q).
  const dst = 'QUUX-V01-CS02-with-curve25519_XMD:SHA-512_ELL2_NU_';
  const vectors: readonly (readonly [string, string, string])[] = [
    [
      '',
      '51125222da5e763d97f3c10fcc92ea6860b9ccbbd2eb1285728f566721c1e65b',
      '1bb913f0c9daefa0b3375378ffa534bda5526c97391952a7789eb976edfe4d08',
    ],
    [
      'abc',
      '7d56d1e08cb0ccb92baf069c18c49bb5a0dcd927eff8dcf75ca921ef7f3e6eeb',
      '7c22950b7d900fa866334262fcaea47a441a578df43b894b4625c9b450f9a026',
    ],
    [
      'abcdef0123456789',
      '3fbe66b9c9883d79e8407150e7c2a1c8680bee496c62fabe4619a72b3cabe90f',
      '31ad08a8b0deeb2a4d8b0206ca25f567ab4e042746f792f4b7973f3ae2096c52',
    ],
    [
      `q128_${'q'.repeat(128)}`,
      '227e0bb89de700385d19ec40e857db6e6a3e634b1c32962f370d26f84ff19683',
      '027877759d155b1997d0d84683a313eb78bdb493271d935b622900459d52ceaa',
    ],
    [
      `a512_${'a'.repeat(512)}`,
      '3bcd651ee54d5f7b6013898aab251ee8ecc0688166fce6e9548d38472f6bd196',
      '5fd892c0958d1a75f54c3182a18d286efab784e774d1e017ba2fb252998b5dc1',
    ],
  ];

  it("gives RFC 9380's test vectors: Q.x, and P.x once the cofactor is cleared", () => {
    const points = encodeToCurve25519U(
      vectors.map(([message]) => Buffer.from(message, 'utf8')),
      dst,
    ).map(uOf);
    expect(points).toEqual(vectors.map(([, qx]) => BigInt(`0x${qx}`)));
    expect(points.map(clearedU)).toEqual(vectors.map(([, , px]) => BigInt(`0x${px}`)));
  });

  it('agrees with @noble/curves encodeToCurve (edwards25519, the same map) on many messages, one batch or one at a time', () => {
    const ours = 'fate-flow-serverless:intersection:ecdh-x25519:v3-elligator2-nu';
    const messages = Array.from({ length: 40 }, (_, i) => Buffer.from(`id-${i}-${'x'.repeat(i)}`, 'utf8'));
    const Fp = ed25519.Point.Fp;
    // noble's point is [8]Q on edwards25519; u = (1 + y) / (1 − y) carries it to Curve25519.
    const expected = messages.map((message) => {
      const point = ed25519_hasher.encodeToCurve(message, { DST: ours });
      return Fp.div(Fp.add(point.Z, point.Y), Fp.sub(point.Z, point.Y));
    });
    const batch = encodeToCurve25519U(messages, ours).map(uOf);
    expect(batch.map(clearedU)).toEqual(expected);
    expect(messages.map((message) => uOf(encodeToCurve25519U([message], ours)[0]))).toEqual(batch);
    expect(encodeToCurve25519U([], ours)).toEqual([]);
  });

  it('refuses a domain separation tag longer than 255 bytes', () => {
    expect(() => encodeToCurve25519U([new Uint8Array(1)], 'd'.repeat(256))).toThrow('at most 255 bytes');
  });
});
