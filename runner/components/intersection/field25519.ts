import { modPow } from './modular.js';

/**
 * Arithmetic in GF(2^255 − 19), the field of Curve25519, on plain bigints for the ids' encoding
 * to the curve (hash-to-curve25519.ts). Written for speed, not generality: a
 * product is reduced by folding 2^255 ≡ 19 (a BigInt `%` costs more than the product itself), and
 * the squarings of a chain stay below 2^256 without the final comparison. The exponentiation that
 * every id needs (z^((P − 5) / 8), for its quadratic character) is OpenSSL's
 * (below); the inversion, once per batch, is ref10's fixed addition chain (Bernstein et al.).
 * Not constant-time: the ids hashed here are the party's own, and what leaves the party is only
 * their blinded points.
 */

export const P = 2n ** 255n - 19n;

const MASK = 2n ** 255n - 1n;

/** A value ≡ x (mod P) below 2^256, for 0 ≤ x < 2^512: 2^255 ≡ 19 folded in twice. */
const fold = (x: bigint): bigint => {
  const r = (x & MASK) + 19n * (x >> 255n);
  return (r & MASK) + 19n * (r >> 255n);
};

/** x mod P for 0 ≤ x < 2^512 (after the folds, below 2^255 + 2^12 < 2P). */
const reduce = (x: bigint): bigint => {
  const r = fold(x);
  return r >= P ? r - P : r;
};

export const mul = (a: bigint, b: bigint): bigint => reduce(a * b);

/** a + b in [0, P) for a, b in [0, P). */
export const add = (a: bigint, b: bigint): bigint => {
  const sum = a + b;
  return sum >= P ? sum - P : sum;
};

export const neg = (a: bigint): bigint => (a === 0n ? 0n : P - a);

/** a^(2^k) mod P: k squarings, reduced only partly (below 2^256) until the last. */
function sqrN(a: bigint, k: number): bigint {
  let x = a;
  for (let i = 1; i < k; i += 1) x = fold(x * x);
  return reduce(x * x);
}

/** z^(2^250 − 1), the common prefix of both chains below, and z^11 (which the inversion reuses). */
function pow2to250minus1(z: bigint): { readonly z250: bigint; readonly z11: bigint } {
  const z2 = reduce(z * z);
  const z9 = reduce(sqrN(z2, 2) * z);
  const z11 = reduce(z9 * z2);
  const z5 = reduce(reduce(z11 * z11) * z9); // z^(2^5 − 1)
  const z10 = reduce(sqrN(z5, 5) * z5); // z^(2^10 − 1)
  const z20 = reduce(sqrN(z10, 10) * z10);
  const z40 = reduce(sqrN(z20, 20) * z20);
  const z50 = reduce(sqrN(z40, 10) * z10);
  const z100 = reduce(sqrN(z50, 50) * z50);
  const z200 = reduce(sqrN(z100, 100) * z100);
  return { z250: reduce(sqrN(z200, 50) * z50), z11 };
}

/** z^((P − 5) / 8) = z^(2^252 − 3): the square-root exponent for P ≡ 5 (mod 8), and a step to Euler's criterion. */
const P_MINUS_5_OVER_8 = (P - 5n) / 8n;

/**
 * By OpenSSL (modular.ts's modPow, openssl-power.ts): ≈ 3 times less CPU than the same 254
 * squarings in BigInt, and none of their BigInt garbage (an Intersection task's scavenges fell
 * from ≈ 40 to ≈ 16: docs/small-components.md). The "key" is the public field prime and a public exponent.
 */
export function powPminus5over8(z: bigint): bigint {
  if (z < 0n || z >= P) throw new RangeError('a field element is in [0, P)');
  return modPow(z, P_MINUS_5_OVER_8, P);
}

/** z^(P − 2) = z^(2^255 − 21) = 1 / z for z ≠ 0 (Fermat); 0 for 0. */
export function invert(z: bigint): bigint {
  const { z250, z11 } = pow2to250minus1(z);
  return reduce(sqrN(z250, 5) * z11);
}

/**
 * Euler's criterion z^((P − 1) / 2) = z^(2^254 − 10), as 1 (a non-zero square), P − 1 (not a
 * square) or 0: (z^(2^252 − 3))^4 · z^2.
 */
export function legendre(z: bigint): bigint {
  const r = powPminus5over8(z);
  return reduce(reduce(sqrN(r, 2) * z) * z);
}

/** 1 / each value with one inversion (Montgomery's trick); every value must be non-zero. */
export function invertAll(values: readonly bigint[]): bigint[] {
  const prefix: bigint[] = new Array(values.length);
  let acc = 1n;
  for (let i = 0; i < values.length; i += 1) {
    prefix[i] = acc;
    acc = reduce(acc * (values[i] as bigint));
  }
  let inverse = invert(acc);
  const out: bigint[] = new Array(values.length);
  for (let i = values.length - 1; i >= 0; i -= 1) {
    out[i] = reduce(inverse * (prefix[i] as bigint));
    inverse = reduce(inverse * (values[i] as bigint));
  }
  return out;
}

/** A 32-byte little-endian encoding (RFC 7748) of a field element. */
export function toLittleEndian(value: bigint): Uint8Array {
  const hex = value.toString(16).padStart(64, '0');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) out[i] = Number.parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16);
  return out;
}

/** Little-endian bytes as an unsigned bigint. */
export function fromLittleEndian(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
}
