import { randomBytes, randomFillSync } from 'node:crypto';
import { opensslPower, opensslPowerApplies } from './openssl-power.js';

/**
 * Modular arithmetic on bigints for the components' cryptography (RSA blind signatures here,
 * Paillier in hetero-lr/). JavaScript has no modular exponentiation of its own, and the runner
 * uses no big-number library (a WebAssembly GMP was measured and not adopted: docs/paillier.md).
 */

/** The number of bits of a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** `value mod modulus` in [0, modulus), whatever the sign of `value`. */
export function mod(value: bigint, modulus: bigint): bigint {
  const r = value % modulus;
  return r < 0n ? r + modulus : r;
}

/**
 * base^exponent mod modulus: by OpenSSL where it takes the modulus and exponent (odd modulus of at
 * most 3,072 bits, exponent below it: openssl-power.ts), otherwise by fixed 4-bit windows in
 * BigInt: 4 squarings and at most one multiplication per window, against about 1.5
 * multiplications per bit for plain square-and-multiply. Neither is constant-time (a zero digit
 * skips its multiplication; BigInt timing depends on the operands): callers with a secret exponent
 * blind the base (runner/README.md, Security notes).
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (exponent < 0n) throw new RangeError('modPow takes a non-negative exponent (invert the base first)');
  if (modulus === 1n) return 0n;
  const b = mod(base, modulus);
  if (opensslPowerApplies(exponent, modulus)) return opensslPower(b, exponent, modulus);
  return windowedModPow(b, exponent, modulus);
}

/** b^exponent mod modulus for b in [0, modulus), by fixed 4-bit windows in BigInt. */
export function windowedModPow(b: bigint, exponent: bigint, modulus: bigint): bigint {
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i += 1) table.push(((table[i - 1] ?? 1n) * b) % modulus);
  const hex = exponent.toString(16);
  let acc = 1n;
  for (let i = 0; i < hex.length; i += 1) {
    if (i > 0) for (let s = 0; s < 4; s += 1) acc = (acc * acc) % modulus;
    const digit = Number.parseInt(hex[i] ?? '0', 16);
    if (digit !== 0) acc = (acc * (table[digit] ?? 1n)) % modulus;
  }
  return acc;
}

/** The inverse of `value` mod `modulus` (extended Euclid); throws when they share a factor. */
export function modInv(value: bigint, modulus: bigint): bigint {
  let [oldR, r] = [mod(value, modulus), modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('the value has no inverse modulo the modulus');
  return mod(oldS, modulus);
}

/** The integer square root (floor) of a non-negative bigint, by Newton's iteration. */
export function isqrt(value: bigint): bigint {
  if (value < 0n) throw new RangeError('isqrt of a negative number');
  if (value < 2n) return value;
  let x = 1n << BigInt(Math.ceil(bitLength(value) / 2));
  for (;;) {
    const next = (x + value / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

/** Big-endian bytes as an unsigned bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** An RFC 7518 base64url integer (a JWK field) as a bigint. */
export function base64UrlToBigInt(text: string): bigint {
  return bytesToBigInt(Buffer.from(text, 'base64url'));
}

/**
 * CSPRNG bytes drawn 4 KB at a time, each byte handed out once: one call into OpenSSL per 4 KB
 * instead of one per number. HeteroLR draws ≈ 19,000 random 512-bit exponents per party and job,
 * and a call with its buffer cost ≈ 5 µs where the number's own bytes cost a tenth of that
 * (docs/paillier.md, "Around the arithmetic").
 */
const RANDOM_POOL_BYTES = 4096;
const randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
let randomPoolUsed = RANDOM_POOL_BYTES;

/** `length` fresh random bytes as hex. */
function randomHex(length: number): string {
  if (length > RANDOM_POOL_BYTES) return randomBytes(length).toString('hex');
  if (randomPoolUsed + length > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    randomPoolUsed = 0;
  }
  const hex = randomPool.toString('hex', randomPoolUsed, randomPoolUsed + length);
  randomPoolUsed += length;
  return hex;
}

/** A uniform random bigint of at most `bits` bits, from the operating system's CSPRNG. */
export function randomBits(bits: number): bigint {
  const length = Math.ceil(bits / 8);
  return length === 0 ? 0n : BigInt(`0x${randomHex(length)}`) & ((1n << BigInt(bits)) - 1n);
}

/** A uniform random bigint in [1, bound) by rejection sampling (no modulo bias). */
export function randomBelow(bound: bigint): bigint {
  const bits = bitLength(bound);
  for (;;) {
    const candidate = randomBits(bits);
    if (candidate > 0n && candidate < bound) return candidate;
  }
}
