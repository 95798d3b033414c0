import { constants, createPublicKey, type KeyObject, publicEncrypt } from 'node:crypto';
import { BoundedCache } from '../../../functions/domain/bounded-cache.js';

/**
 * base^exponent mod modulus by OpenSSL. Node's crypto has no modular exponentiation, but an RSA
 * public-key operation without padding is exactly m^e mod n for any odd modulus n and exponent
 * e < n, and OpenSSL does it with Montgomery multiplication on machine words: for a 1024-bit
 * Paillier key, c^(p−1) mod p² (half of a CRT decryption) takes ≈ 0.15 ms of CPU here against
 * ≈ 1 ms by fixed windows in BigInt. Nothing of RSA's security is involved: the "key" only carries
 * the modulus and the exponent into OpenSSL. Like the BigInt code, OpenSSL's public-key
 * exponentiation is not constant-time (runner/README.md, Security notes).
 */

/**
 * OpenSSL's limits on an RSA public key: e < n, and above 3,072 bits of modulus a public exponent
 * of at most 64 bits (OPENSSL_RSA_SMALL_MODULUS_BITS, OPENSSL_RSA_MAX_PUBEXP_BITS). Moduli from
 * 3,073 bits (a 2048-bit Paillier key's n²) stay with BigInt.
 */
const MODULUS_LIMIT = 1n << 3072n;
/** Below this exponent a few BigInt squarings cost less than a call into OpenSSL. */
const MIN_EXPONENT = 1n << 16n;

/** A modulus and exponent as OpenSSL takes them: the key object, and the length its inputs are padded to. */
interface PowerKey {
  readonly key: KeyObject;
  readonly bytes: number;
}

/** By modulus, then exponent: a decryption repeats the same two pairs thousands of times. */
const keys = new BoundedCache<bigint, BoundedCache<bigint, PowerKey>>(8);

/** The number of bytes of a positive bigint. */
const byteLength = (value: bigint): number => Math.ceil(value.toString(16).length / 2);

/** Big-endian bytes, padded to `length`. */
const bytesOf = (value: bigint, length: number): Buffer =>
  Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');

const base64Url = (value: bigint): string => bytesOf(value, byteLength(value)).toString('base64url');

/** Whether OpenSSL takes this modulus and exponent, and is worth calling for them. */
export function opensslPowerApplies(exponent: bigint, modulus: bigint): boolean {
  return exponent >= MIN_EXPONENT && exponent < modulus && (modulus & 1n) === 1n && modulus < MODULUS_LIMIT;
}

function keyFor(exponent: bigint, modulus: bigint): PowerKey {
  let byExponent = keys.get(modulus);
  if (byExponent === undefined) {
    byExponent = new BoundedCache<bigint, PowerKey>(8);
    keys.set(modulus, byExponent);
  }
  let power = byExponent.get(exponent);
  if (power === undefined) {
    const key = createPublicKey({ key: { kty: 'RSA', n: base64Url(modulus), e: base64Url(exponent) }, format: 'jwk' });
    power = { key, bytes: byteLength(modulus) };
    byExponent.set(exponent, power);
  }
  return power;
}

/**
 * base^exponent mod modulus for a base in [0, modulus), when `opensslPowerApplies(exponent,
 * modulus)`; the caller reduces the base and checks that first.
 */
export function opensslPower(base: bigint, exponent: bigint, modulus: bigint): bigint {
  const { key, bytes } = keyFor(exponent, modulus);
  const power = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, bytesOf(base, bytes));
  return BigInt(`0x${power.toString('hex')}`);
}
