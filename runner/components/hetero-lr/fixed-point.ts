import { DataError } from '../../../functions/domain/errors.js';
import { mod } from '../intersection/modular.js';

/**
 * Fixed-point numbers for Paillier, which encrypts integers mod n: a float v travels as
 * round(v·2^frac) (FATE's floating_point_precision does the same to features, with frac 23).
 * Scaling by a power of two is exact in binary floating point, so the only error is the rounding
 * to the 2^-frac grid. A negative integer m is the residue n + m; residues above n/2 decode as
 * negative (values stay far below n/2: at most ~2^130 against n ≥ 2^511).
 */
export function encodeFixed(value: number, frac: number): bigint {
  if (!Number.isFinite(value)) throw new DataError(`cannot encrypt ${value}: not a finite number`);
  return BigInt(Math.round(value * 2 ** frac));
}

/** The nearest float to value·2^-frac (Number() of a bigint rounds to nearest; the scaling is exact). */
export function decodeFixed(value: bigint, frac: number): number {
  return Number(value) / 2 ** frac;
}

/** An integer as a plaintext residue in [0, n). */
export function toResidue(value: bigint, n: bigint): bigint {
  return mod(value, n);
}

/** A plaintext residue back to the signed integer it stands for (centred lift). */
export function fromResidue(residue: bigint, n: bigint): bigint {
  const r = mod(residue, n);
  return r > n >> 1n ? r - n : r;
}
