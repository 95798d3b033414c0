import { hash } from 'node:crypto';
import { add, invertAll, legendre, mul, neg, P, toLittleEndian } from './field25519.js';

/**
 * The ids' points for ECDH PSI: RFC 9380's encode_to_curve for Curve25519 (suite
 * curve25519_XMD:SHA-512_ELL2_NU_: one field element by expand_message_xmd with SHA-512, mapped by
 * Elligator 2, §6.7.1), given as the Montgomery u-coordinate of the map's point Q, 32 bytes
 * little-endian — the RFC's Q.x, before its last step, the clearing of the cofactor 8.
 *
 * Why these steps and no more:
 * - One Elligator 2 map per id is what FATE's own ECDH does (curve25519-dalek's
 *   `EdwardsPoint::hash_from_bytes`, SHA-512 then one Elligator map). The random-oracle suite
 *   (two maps and a point addition) cost three times the field work and two exponentiations per id
 *   instead of one (docs/small-components.md, eighth pass).
 * - The cofactor needs no clearing here: X25519 clamps every scalar to a multiple of 8, so each
 *   party's blinding [clamp(a)]Q already lies in the prime-order subgroup, and
 *   [clamp(b)][clamp(a)]Q is the same whichever party blinds first.
 * - Only u is needed, and u does not depend on the sign of v: the map reduces to one quadratic
 *   character (an exponentiation by OpenSSL) and a division, done for the whole batch with one
 *   inversion.
 */

/** Curve25519's A (the RFC's J), and J². */
const J = 486662n;
const J_SQUARED = J * J;

/** expand_message_xmd's Z_pad (one SHA-512 block of zeros), and l_i_b_str || I2OSP(0, 1) for 48 bytes. */
const Z_PAD = Buffer.alloc(128);
const LENGTH_48_AND_ZERO = Buffer.from([0, 48, 0]);

/**
 * hash_to_field with count 1 (RFC 9380 §5.2, §5.3.1): expand_message_xmd with SHA-512 to L = 48
 * bytes (one block past b_0), as a field element. Each block is one call of Node's one-shot `hash`.
 */
function hashToField(message: Uint8Array, dstPrime: Buffer): bigint {
  const b0 = hash('sha512', Buffer.concat([Z_PAD, message, LENGTH_48_AND_ZERO, dstPrime]), 'buffer');
  const b1 = hash('sha512', Buffer.concat([b0, Buffer.from([1]), dstPrime]), 'buffer');
  return BigInt(`0x${b1.toString('hex', 0, 48)}`) % P;
}

/**
 * Elligator 2 on Curve25519 (RFC 9380 §6.7.1, Z = 2) as a fraction xn / xd of u:
 * x1 = −J / (1 + 2·r²); u = x1 when g(x1) = x1³ + J·x1² + x1 is a square, else x2 = −x1 − J.
 * 1 + 2·r² is never 0 (−1/2 is not a square mod P), so neither is xd. With x1n = −J:
 * g(x1)·xd⁴ = x1n·(x1n² + J·x1n·xd + xd²)·xd = −J·(J²·(1 − xd) + xd²)·xd, whose quadratic
 * character is g(x1)'s; x2 = x1n·2r² / xd.
 */
function elligator2(r: bigint): { readonly xn: bigint; readonly xd: bigint } {
  const r2 = mul(r, r);
  const tv1 = add(r2, r2);
  const xd = add(tv1, 1n);
  const inner = add(mul(J_SQUARED, neg(tv1)), mul(xd, xd));
  const gx1TimesXd4 = mul(mul(neg(J), inner), xd);
  const x1n = neg(J);
  return { xn: legendre(gx1TimesXd4) === P - 1n ? mul(x1n, tv1) : x1n, xd };
}

/** Each message's u, as above, in order. `dst` is the domain separation tag (at most 255 bytes). */
export function encodeToCurve25519U(messages: readonly Uint8Array[], dst: string): Uint8Array[] {
  const tag = Buffer.from(dst, 'utf8');
  if (tag.length > 255) throw new RangeError('a hash-to-curve domain separation tag is at most 255 bytes');
  const dstPrime = Buffer.concat([tag, Buffer.from([tag.length])]);
  const fractions = messages.map((message) => elligator2(hashToField(message, dstPrime)));
  const inverses = invertAll(fractions.map(({ xd }) => xd));
  return fractions.map(({ xn }, i) => toLittleEndian(mul(xn, inverses[i] as bigint)));
}
