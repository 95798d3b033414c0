import { describe, expect, it } from '@jest/globals';
import {
  decodeVector,
  encodeVector,
  MASK_FRAC,
  maskKeyPair,
  maskResidues,
  maskVector,
  type PairMask,
  pairSeed,
  sumResidues,
} from '../../../../runner/components/homo-lr/secure-aggregation.js';

const vectors = [
  [1.5, -2.25, 0, 1000.125, -0.5],
  [-3, 0.75, 4.5, -999.5, 2],
  [0.25, 0.25, -1, 7, -8.75],
];

/** Three clients' pair masks as each derives them from its own secret and the others' public keys. */
function clientsMasks(count: number): PairMask[][] {
  const keys = Array.from({ length: count }, () => maskKeyPair());
  return keys.map((own, i) =>
    keys.flatMap((peer, j) =>
      i === j ? [] : [{ seed: pairSeed(own, peer.publicKey, i < j, 'job/homo_lr_0'), add: i < j }],
    ),
  );
}

describe('secure aggregation masks', () => {
  it('encode and decode dyadic values exactly, negatives included', () => {
    expect(decodeVector(encodeVector([1.5, -2.25, -3 * 2 ** -40, 0]))).toEqual([1.5, -2.25, -3 * 2 ** -40, 0]);
  });

  it('derive the same seed at both ends of a pair', () => {
    const [a, b] = [maskKeyPair(), maskKeyPair()];
    expect(pairSeed(a, b.publicKey, true, 'ctx')).toEqual(pairSeed(b, a.publicKey, false, 'ctx'));
    expect(pairSeed(a, b.publicKey, true, 'ctx')).not.toEqual(pairSeed(a, b.publicKey, true, 'other'));
  });

  it('cancel in the sum of three clients: the sum of the masked vectors equals the plain sum exactly', () => {
    const masks = clientsMasks(3);
    const masked = vectors.map((v, i) => maskResidues(encodeVector(v), masks[i] ?? [], 4));
    expect(decodeVector(sumResidues(masked, 5))).toEqual([-1.25, -1.25, 3.5, 7.625, -7.25]);
  });

  it('cancel with one guest and one host as well', () => {
    const masks = clientsMasks(2);
    const masked = vectors.slice(0, 2).map((v, i) => maskResidues(encodeVector(v), masks[i] ?? [], 0));
    expect(decodeVector(sumResidues(masked, 5))).toEqual([-1.5, -1.5, 4.5, 0.625, 1.5]);
  });

  it('hide a single vector: every masked value differs from the plain one and decodes to noise', () => {
    const masks = clientsMasks(2);
    const plain = encodeVector(vectors[0] ?? []);
    const masked = maskResidues(plain, masks[0] ?? [], 0);
    masked.forEach((value, k) => {
      expect(value).not.toBe(plain[k]);
    });
    // A uniform residue mod 2^128 decodes far outside any model's range (|v| ≥ 2^60 with overwhelming probability).
    expect(decodeVector(masked).every((v) => Math.abs(v) > 2 ** (60 - MASK_FRAC))).toBe(true);
  });

  it('change from round to round', () => {
    const seed = new Uint8Array(32).fill(7);
    expect(maskVector(seed, 0, 3)).not.toEqual(maskVector(seed, 1, 3));
    expect(maskVector(seed, 0, 3)).toEqual(maskVector(seed, 0, 3));
    expect(maskVector(seed, 0, 5)).toHaveLength(5);
  });
});
