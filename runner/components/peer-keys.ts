import { MAX_KEY_LENGTH } from '../../components/key-length.js';
import { FederatedError } from '../../functions/domain/errors.js';
import type { TransferValue } from './component.js';
import { bitLength, isqrt } from './intersection/modular.js';
import { asBigInt, asBytes, asRecord } from './transfer-values.js';

/**
 * Checks of the public keys a peer sends, beside transfer-values.ts's checks of its other values.
 * A party that encrypts or blinds under a key it did not make must first refuse a key that cannot
 * protect it: a modulus shorter than this party's own key_length, even, a perfect square or with a
 * small prime factor is factorable (so the sender, or anyone, could read what this party encrypts),
 * and a key beyond the largest configurable length would only cost this party CPU. A bad key fails
 * the task with a FederatedError naming the sender and what is wrong.
 */

/** Primes below this are tried as factors: 1,229 divisions, well under a millisecond for any allowed modulus. */
const TRIAL_DIVISION_BOUND = 10_000;

const smallPrimes: readonly bigint[] = (() => {
  const composite = new Uint8Array(TRIAL_DIVISION_BOUND);
  const primes: bigint[] = [];
  for (let i = 2; i < TRIAL_DIVISION_BOUND; i += 1) {
    if (composite[i] === 1) continue;
    primes.push(BigInt(i));
    for (let k = i * i; k < TRIAL_DIVISION_BOUND; k += i) composite[k] = 1;
  }
  return primes;
})();

function refuse(what: string, problem: string): never {
  throw new FederatedError(`${what}: ${problem}; refusing to use this key`);
}

/**
 * An RSA-type modulus (a product of two large primes, as Paillier's n and RSA's n are): between
 * `minBits` (this party's configured key_length) and MAX_KEY_LENGTH bits, odd, not a perfect
 * square (p = q), no prime factor below 10,000.
 */
export function checkModulus(n: bigint, what: string, minBits: number): void {
  if (n <= 0n) refuse(what, 'the modulus is not a positive integer');
  const bits = bitLength(n);
  if (bits < minBits)
    refuse(what, `the modulus has ${bits} bits, fewer than the key_length ${minBits} configured here`);
  if (bits > MAX_KEY_LENGTH) refuse(what, `the modulus has ${bits} bits, more than ${MAX_KEY_LENGTH}`);
  if ((n & 1n) === 0n) refuse(what, 'the modulus is even');
  const factor = smallPrimes.find((p) => n % p === 0n);
  if (factor !== undefined) refuse(what, `the modulus is divisible by ${factor}`);
  const root = isqrt(n);
  if (root * root === n) refuse(what, 'the modulus is a perfect square');
}

/**
 * The arbiter's Paillier public key {n, g}: n checked as a modulus, and g = n + 1, the only
 * generator this build's encryption uses (paillier.ts), so a peer running another scheme is
 * refused instead of producing ciphertexts nobody can decrypt. Returns n.
 */
export function asPaillierModulus(value: TransferValue | undefined, what: string, keyLength: number): bigint {
  const offer = asRecord(value ?? null, what);
  const n = asBigInt(offer.n, `${what}: n`);
  checkModulus(n, what, keyLength);
  if (asBigInt(offer.g, `${what}: g`) !== n + 1n) refuse(what, 'g is not n + 1');
  return n;
}

/**
 * FIPS 186-5's bounds for an RSA public exponent: odd, 2^16 < e < 2^256. A smaller e weakens the
 * blinding; a larger one would make the guest's r^e per id as slow as the host wants.
 */
const MIN_EXPONENT = 1n << 16n;
const MAX_EXPONENT = 1n << 256n;

/** A host's RSA public key {n, e} for blind-signature intersection. */
export function asRsaPublicKey(
  value: TransferValue | undefined,
  what: string,
  keyLength: number,
): { n: bigint; e: bigint } {
  const offer = asRecord(value ?? null, what);
  const n = asBigInt(offer.n, `${what}: n`);
  checkModulus(n, what, keyLength);
  const e = asBigInt(offer.e, `${what}: e`);
  if ((e & 1n) === 0n || e <= MIN_EXPONENT || e >= MAX_EXPONENT) {
    refuse(what, `the public exponent ${e} is not an odd number between 2^16 and 2^256`);
  }
  return { n, e };
}

/** An X25519 public key (HomoLR's mask key agreement): 32 bytes; low-order points are refused by the curve library. */
export function asX25519PublicKey(value: TransferValue | undefined, what: string): Uint8Array {
  const key = asBytes(value, what);
  if (key.length !== 32) refuse(what, `an X25519 public key has 32 bytes, not ${key.length}`);
  return key;
}
