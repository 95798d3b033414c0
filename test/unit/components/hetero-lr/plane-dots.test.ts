import { beforeAll, describe, expect, it } from '@jest/globals';
import { fromResidue } from '../../../../runner/components/hetero-lr/fixed-point.js';
import { encryptedDot, prepareExponents } from '../../../../runner/components/hetero-lr/multiexp.js';
import { ObfuscatorSource } from '../../../../runner/components/hetero-lr/obfuscators.js';
import {
  decrypt,
  generatePaillierKey,
  type PaillierPrivateKey,
} from '../../../../runner/components/hetero-lr/paillier.js';
import {
  chunkCount,
  combineGradient,
  type GradientExponents,
  gradientExponents,
  partialGradient,
} from '../../../../runner/components/hetero-lr/plane-dots.js';

let key: PaillierPrivateKey;
let ciphertexts: bigint[];
const plaintexts = Array.from({ length: 45 }, (_, i) => (BigInt((i * 7919) % 1000) * (i % 3 === 0 ? -1n : 1n)) << 30n);

beforeAll(async () => {
  key = await generatePaillierKey(512);
  ciphertexts = await new ObfuscatorSource(key.publicKey).encryptMany(plaintexts);
}, 30_000);

/** One thread's way: every chunk in one partial. */
function whole(exponents: GradientExponents, bases: readonly bigint[]): bigint[] {
  const n2 = key.publicKey.n2;
  return combineGradient(n2, exponents, [partialGradient(n2, exponents, 0, chunkCount(exponents), bases)]);
}

function plainDot(column: readonly bigint[]): bigint {
  return column.reduce((sum, e, i) => sum + e * (plaintexts[i] ?? 0n), 0n);
}

describe('encrypted dot products by bit planes', () => {
  const mixed = Array.from({ length: 4 }, (_, j) =>
    plaintexts.map((_, i) => BigInt(Math.round(Math.sin(i * 3 + j) * 2 ** (20 + j)))),
  );

  it('decrypts each column to Σᵢ eᵢⱼ·mᵢ, signs mixed, equal to Pippenger one column at a time', () => {
    const exponents = gradientExponents(mixed);
    expect(exponents.shiftBits).toBe(23);
    expect(exponents.planes).toBe(24);
    const result = whole(exponents, ciphertexts);
    expect(result.map((c) => fromResidue(decrypt(key, c), key.publicKey.n))).toEqual(mixed.map(plainDot));
    expect(result).toEqual(mixed.map((column) => encryptedDot(key.publicKey, ciphertexts, prepareExponents(column))));
  });

  it('needs no shift when no exponent is negative, and gives Enc(0) as 1 for a column of zeros', () => {
    const columns = [plaintexts.map((_, i) => BigInt(i)), plaintexts.map(() => 1n << 23n), plaintexts.map(() => 0n)];
    const exponents = gradientExponents(columns);
    expect(exponents.shiftBits).toBeUndefined();
    expect(exponents.planes).toBe(24);
    const result = whole(exponents, ciphertexts);
    expect(result.map((c) => fromResidue(decrypt(key, c), key.publicKey.n))).toEqual(columns.map(plainDot));
    expect(result[2]).toBe(1n);
    expect(whole(gradientExponents([plaintexts.map(() => 0n)]), ciphertexts)).toEqual([1n]);
  });

  it('gives the same numbers from partials over any split of the chunks, as the task threads compute them', () => {
    const exponents = gradientExponents(mixed);
    const { chunkRows } = exponents;
    const chunks = chunkCount(exponents);
    expect(chunks).toBe(Math.ceil(45 / chunkRows));
    const n2 = key.publicKey.n2;
    const expected = whole(exponents, ciphertexts);
    for (let split = 1; split < chunks; split += 1) {
      const partials = [
        partialGradient(n2, exponents, split, chunks - split, ciphertexts.slice(split * chunkRows)),
        partialGradient(n2, exponents, 0, split, ciphertexts.slice(0, split * chunkRows)),
      ];
      expect(combineGradient(n2, exponents, partials)).toEqual(expected);
    }
  });

  it('refuses ciphertexts that do not match the rows, and columns of different lengths', () => {
    const exponents = gradientExponents(mixed);
    const n2 = key.publicKey.n2;
    expect(() => partialGradient(n2, exponents, 0, chunkCount(exponents), ciphertexts.slice(1))).toThrow(
      '44 ciphertexts for 45 rows of exponents',
    );
    expect(() => gradientExponents([[1n, 2n], [3n]])).toThrow('column 1 has 1 exponents, column 0 2');
  });
});
