import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import type { HashMethod } from '../../../components/intersection.js';
import { DataError } from '../../../functions/domain/errors.js';
import { hashId } from './hashing.js';
import { randomBelow } from './modular.js';

/**
 * The arithmetic of ECDH PSI over ristretto255 (the prime-order group built on Curve25519, which
 * FATE's `curve25519` setting names). Each party maps its ids to group elements P = H(id), raises
 * them to its secret scalar and sends them; each raises what it receives to its own scalar. Since
 * (P^a)^b = (P^b)^a, equal ids meet as equal doubly-blinded elements, and nothing else can be
 * compared: a single blinding hides the id (DDH in the group).
 */
const Point = ristretto255.Point;
type GroupElement = ReturnType<typeof ristretto255_hasher.hashToCurve>;

/** Elements travel as their canonical 32-byte encodings, concatenated in row order. */
export const POINT_BYTES = 32;
/** Domain separation for hash-to-group (RFC 9380), so these points are of no use in another protocol. */
const DST = 'fate-flow-serverless:intersection:ecdh:v1';

export function newEcdhSecret(): bigint {
  return randomBelow(Point.Fn.ORDER);
}

/** H(id) as group elements: the id+salt digest (hash_method) fed to ristretto255 hash-to-curve. */
export function hashIdsToGroup(ids: readonly string[], method: HashMethod, salt: string): GroupElement[] {
  return ids.map((id) => ristretto255_hasher.hashToCurve(hashId(method, id, salt), { DST }));
}

export function blindPoints(points: readonly GroupElement[], secret: bigint): Uint8Array {
  const out = new Uint8Array(points.length * POINT_BYTES);
  points.forEach((point, i) => {
    out.set(point.multiply(secret).toBytes(), i * POINT_BYTES);
  });
  return out;
}

/**
 * Decodes what the other party sent, refusing anything but canonical non-identity elements: the
 * identity would match every id blinded to it, and a malformed encoding is a broken peer.
 */
export function decodePoints(bytes: Uint8Array, expected: number | undefined, what: string): GroupElement[] {
  if (bytes.length % POINT_BYTES !== 0) {
    throw new DataError(`${what}: ${bytes.length} bytes is not a whole number of ${POINT_BYTES}-byte group elements`);
  }
  const count = bytes.length / POINT_BYTES;
  if (expected !== undefined && count !== expected) {
    throw new DataError(`${what}: ${count} group elements where ${expected} were sent`);
  }
  const points: GroupElement[] = [];
  for (let i = 0; i < count; i += 1) {
    const point = Point.fromBytes(bytes.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES));
    if (point.is0()) throw new DataError(`${what}: element ${i} is the identity`);
    points.push(point);
  }
  return points;
}

/** Raises received elements to this party's secret: the second blinding. */
export function reblind(bytes: Uint8Array, secret: bigint, expected: number | undefined, what: string): Uint8Array {
  return blindPoints(decodePoints(bytes, expected, what), secret);
}

/** The encodings as hex strings, one per element, to compare as set members. */
export function encodingsOf(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += POINT_BYTES) {
    out.push(Buffer.from(bytes.subarray(offset, offset + POINT_BYTES)).toString('hex'));
  }
  return out;
}
