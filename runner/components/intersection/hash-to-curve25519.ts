import { hash } from 'node:crypto';
import { add, invertAll, mul, neg, P, powPminus5over8, sub, toLittleEndian } from './field25519.js';

/**
 * RFC 9380's random-oracle hash to edwards25519 (suite edwards25519_XMD:SHA-512_ELL2_RO_: two
 * field elements by expand_message_xmd with SHA-512, each mapped by the straight-line Elligator 2
 * of §G.2.1–G.2.2, the two points added, the cofactor 8 cleared), given as the Montgomery
 * u-coordinate of the result, u = (1 + y) / (1 − y) = (Z + Y) / (Z − Y), 32 bytes little-endian.
 *
 * The same values as `@noble/curves`' ed25519_hasher.hashToCurve followed by that map (the tests
 * hold it to both, and to the RFC's vectors), at a fraction of the cost: SHA-512 from Node's
 * native crypto, one exponentiation per Elligator map, the points kept in projective coordinates
 * (no inversion per point), and a single inversion for the whole batch.
 */

/** Curve25519's A, and edwards25519's 2·d = 2 · (−121665 / 121666). */
const J = 486662n;
const D2 = mul(2n, mul(neg(121665n), powInverse(121666n)));

function powInverse(z: bigint): bigint {
  return invertAll([z])[0] as bigint;
}

/** A square root of a square z (P ≡ 5 mod 8): z^((P + 3) / 8), times √−1 when that squares to −z. */
function sqrtOfSquare(z: bigint): bigint {
  const root = mul(z, powPminus5over8(z));
  return mul(root, root) === z ? root : mul(root, SQRT_MINUS_1);
}

const SQRT_MINUS_1 = (() => {
  // 2^((P − 1) / 4): 2 is not a square mod P, so this squares to −1.
  const c = mul(2n, powPminus5over8(2n)); // 2^((P + 3) / 8)
  return mul(mul(c, c), powInverse(2n)); // 2^((P − 1) / 4) = 2^((P + 3) / 4) / 2
})();
/** §G.2.1's c2 = 2^((P + 3) / 8). */
const TWO_POW_C1 = mul(2n, powPminus5over8(2n));
/** §G.2.2's c1 = √−486664, the root with sgn0 = 0 (even). */
const SQRT_MINUS_486664 = (() => {
  const root = sqrtOfSquare(neg(486664n));
  return (root & 1n) === 0n ? root : neg(root);
})();

/** expand_message_xmd's Z_pad (one SHA-512 block of zeros) and its l_i_b_str || I2OSP(0, 1) for 96 bytes. */
const Z_PAD = Buffer.alloc(128);
const LENGTH_96_AND_ZERO = Buffer.from([0, 96, 0]);

/**
 * expand_message_xmd (RFC 9380 §5.3.1) with SHA-512, 96 bytes: two 48-byte field elements' worth.
 * Each block is one call of Node's one-shot `hash` (no Hash object per block: a third of the CPU).
 */
function expandMessageXmd(message: Uint8Array, dstPrime: Buffer): Buffer {
  const b0 = hash('sha512', Buffer.concat([Z_PAD, message, LENGTH_96_AND_ZERO, dstPrime]), 'buffer');
  // b_i = H(strxor(b_0, b_(i−1)) || I2OSP(i, 1) || DST_prime), built in one buffer: b_1 takes b_0 itself.
  const block = Buffer.alloc(65 + dstPrime.length);
  dstPrime.copy(block, 65);
  b0.copy(block, 0);
  block[64] = 1;
  const b1 = hash('sha512', block, 'buffer');
  for (let i = 0; i < 64; i += 1) block[i] = (b0[i] as number) ^ (b1[i] as number);
  block[64] = 2;
  const b2 = hash('sha512', block, 'buffer');
  return Buffer.concat([b1, b2.subarray(0, 32)]);
}

/** A point of edwards25519 in extended coordinates (x = X/Z, y = Y/Z, x·y = T/Z). */
interface Extended {
  readonly X: bigint;
  readonly Y: bigint;
  readonly Z: bigint;
  readonly T: bigint;
}

/**
 * map_to_curve_elligator2_edwards25519(u) (§G.2.2 over §G.2.1: one exponentiation), as an
 * extended point: (xn/xd, yn/yd) ↦ (xn·yd : yn·xd : xd·yd : xn·yn).
 */
function mapToEdwards(u: bigint): Extended {
  let tv1 = mul(u, u);
  tv1 = add(tv1, tv1);
  const xd = add(tv1, 1n);
  const x1n = neg(J);
  let tv2 = mul(xd, xd);
  const gxd = mul(tv2, xd);
  let gx1 = mul(J, tv1);
  gx1 = mul(gx1, x1n);
  gx1 = add(gx1, tv2);
  gx1 = mul(gx1, x1n);
  let tv3 = mul(gxd, gxd);
  tv2 = mul(tv3, tv3);
  tv3 = mul(tv3, gxd);
  tv3 = mul(tv3, gx1);
  tv2 = mul(tv2, tv3);
  let y11 = powPminus5over8(tv2);
  y11 = mul(y11, tv3);
  const y12 = mul(y11, SQRT_MINUS_1);
  const e1 = mul(mul(y11, y11), gxd) === gx1;
  const y1 = e1 ? y11 : y12;
  const x2n = mul(x1n, tv1);
  const y21 = mul(mul(y11, u), TWO_POW_C1);
  const y22 = mul(y21, SQRT_MINUS_1);
  const gx2 = mul(gx1, tv1);
  const e2 = mul(mul(y21, y21), gxd) === gx2;
  const y2 = e2 ? y21 : y22;
  const e3 = mul(mul(y1, y1), gxd) === gx1;
  const xMn = e3 ? x1n : x2n;
  let y = e3 ? y1 : y2;
  const e4 = (y & 1n) === 1n;
  if (e3 !== e4) y = neg(y);
  // The Montgomery point is (xMn / xd, y / 1); to Edwards by the rational map of §6.8.2.
  const xn = mul(xMn, SQRT_MINUS_486664);
  const xdE = mul(xd, y);
  const yn = sub(xMn, xd);
  const yd = add(xMn, xd);
  if (mul(xdE, yd) === 0n) return { X: 0n, Y: 1n, Z: 1n, T: 0n };
  return { X: mul(xn, yd), Y: mul(yn, xdE), Z: mul(xdE, yd), T: mul(xn, yn) };
}

/** p + q on edwards25519 (a = −1): add-2008-hwcd-3. */
function addPoints(p: Extended, q: Extended): Extended {
  const a = mul(sub(p.Y, p.X), sub(q.Y, q.X));
  const b = mul(add(p.Y, p.X), add(q.Y, q.X));
  const c = mul(mul(p.T, D2), q.T);
  const d = mul(add(p.Z, p.Z), q.Z);
  const e = sub(b, a);
  const f = sub(d, c);
  const g = add(d, c);
  const h = add(b, a);
  return { X: mul(e, f), Y: mul(g, h), Z: mul(f, g), T: mul(e, h) };
}

/** 2p on edwards25519 (a = −1): dbl-2008-hwcd (T is not read). */
function double(p: Extended): Extended {
  const a = mul(p.X, p.X);
  const b = mul(p.Y, p.Y);
  const zz = mul(p.Z, p.Z);
  const c = add(zz, zz);
  const h = add(a, b); // −(D − B) with D = −A
  const xy = add(p.X, p.Y);
  const e = sub(mul(xy, xy), h);
  const g = sub(b, a); // D + B
  const f = sub(g, c);
  return { X: mul(e, f), Y: mul(g, neg(h)), Z: mul(f, g), T: mul(e, neg(h)) };
}

/** Each message's point, as above, in order. `dst` is the domain separation tag (at most 255 bytes). */
export function hashToCurve25519U(messages: readonly Uint8Array[], dst: string): Uint8Array[] {
  const tag = Buffer.from(dst, 'utf8');
  if (tag.length > 255) throw new RangeError('a hash-to-curve domain separation tag is at most 255 bytes');
  const dstPrime = Buffer.concat([tag, Buffer.from([tag.length])]);
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  for (const message of messages) {
    const uniform = expandMessageXmd(message, dstPrime);
    const u0 = BigInt(`0x${uniform.toString('hex', 0, 48)}`) % P;
    const u1 = BigInt(`0x${uniform.toString('hex', 48, 96)}`) % P;
    const cleared = double(double(double(addPoints(mapToEdwards(u0), mapToEdwards(u1)))));
    numerators.push(add(cleared.Z, cleared.Y));
    const denominator = sub(cleared.Z, cleared.Y);
    // y = 1: the neutral element, u = ∞ — as likely as guessing a 252-bit secret.
    if (denominator === 0n) throw new RangeError('an id hashed to the neutral element of the curve');
    denominators.push(denominator);
  }
  const inverses = invertAll(denominators);
  return numerators.map((numerator, i) => toLittleEndian(mul(numerator, inverses[i] as bigint)));
}
