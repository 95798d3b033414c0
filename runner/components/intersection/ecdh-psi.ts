import { createPrivateKey, createPublicKey, diffieHellman, type KeyObject, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HashMethod } from '../../../components/intersection.js';
import { DataError } from '../../../functions/domain/errors.js';
import { fromLittleEndian, P } from './field25519.js';
import { encodeToCurve25519U } from './hash-to-curve25519.js';
import { hashId } from './hashing.js';

/**
 * The arithmetic of ECDH PSI over Curve25519 (FATE's `curve25519` setting). Each party maps its
 * ids to points Q = H(id) of the curve (hash-to-curve25519.ts), raises them to its secret scalar
 * and sends them; each raises what it receives to its own scalar. Since [a][b]Q = [b][a]Q, equal
 * ids meet as equal doubly-blinded points, and nothing else can be compared: a single blinding
 * hides the id (DDH in the curve's prime-order subgroup, where the clamped scalars put it).
 *
 * The scalar multiplications are X25519 (RFC 7748) in Node's native crypto: about 30 times faster
 * than the same group's arithmetic in JavaScript BigInts, which made a 569-row intersection take
 * seconds (docs/small-components.md). X25519 works on u-coordinates and clamps its scalar to a multiple
 * of the cofactor 8, so [clamp(a)][clamp(b)]P is the same whichever party blinds first.
 */
type EcdhSecret = KeyObject;

/** Points travel as their 32-byte little-endian u-coordinates (RFC 7748), concatenated in row order. */
export const POINT_BYTES = 32;
/**
 * Domain separation for the ids' encoding to the curve (RFC 9380), so these points are of no use in
 * another protocol. It names the encoding: both parties' settings fingerprints carry it
 * (run-intersection.ts), so a peer that encodes its ids otherwise (v2 was the random-oracle suite)
 * fails clearly instead of matching nothing.
 */
export const ECDH_ENCODING_DST = 'fate-flow-serverless:intersection:ecdh-x25519:v3-elligator2-nu';

/** The DER wrapper of a raw X25519 private key (RFC 8410), to hand raw bytes to Node's crypto. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function newEcdhSecret(): EcdhSecret {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, randomBytes(32)]), format: 'der', type: 'pkcs8' });
}

/**
 * Ids hashed (and points blinded again: reblind) between two turns of the event loop, so that what
 * the task prepared meanwhile (the peer client, its delegated key over IPC:
 * FederationChannel.prepare) advances between slices. Each hash slice costs one batch inversion
 * more (≈ 50 µs), against a 64-id slice's few milliseconds.
 */
export const HASH_SLICE_IDS = 64;

/** `work` on each HASH_SLICE_IDS-long slice of `items`, in order, with a turn of the event loop between two. */
async function bySlices<T>(items: readonly T[], work: (slice: readonly T[], start: number) => void): Promise<void> {
  for (let start = 0; start < items.length; start += HASH_SLICE_IDS) {
    if (start > 0) await nextTurn();
    work(items.slice(start, start + HASH_SLICE_IDS), start);
  }
}

/**
 * H(id): the id+salt digest (hash_method) encoded to Curve25519 by one Elligator 2 map, as FATE's
 * ECDH does (encodeToCurve25519U). The points are the same whatever the slices (each is encoded on
 * its own).
 */
export async function hashIdsToGroup(ids: readonly string[], method: HashMethod, salt: string): Promise<Uint8Array[]> {
  const points: Uint8Array[] = [];
  await bySlices(ids, (slice) => {
    points.push(
      ...encodeToCurve25519U(
        slice.map((id) => hashId(method, id, salt)),
        ECDH_ENCODING_DST,
      ),
    );
  });
  return points;
}

/**
 * [secret]P for each point, concatenated. A point of small order (all-zero product) is refused,
 * named by its place counted from `first` (the place of `points[0]` in what was sent).
 */
export function blindPoints(points: readonly Uint8Array[], secret: EcdhSecret, what = 'points', first = 0): Uint8Array {
  const out = new Uint8Array(points.length * POINT_BYTES);
  points.forEach((point, at) => {
    const i = first + at;
    // As a JWK: Node parses it ≈ 2.5 times faster than the same key wrapped in DER (SPKI).
    const x = Buffer.from(point.buffer, point.byteOffset, point.byteLength).toString('base64url');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
    let product: Buffer;
    try {
      product = diffieHellman({ privateKey: secret, publicKey });
    } catch {
      // OpenSSL refuses an all-zero result: the point has small order, and would match everything.
      throw new DataError(`${what}: element ${i} is a point of small order`);
    }
    out.set(product, at * POINT_BYTES);
  });
  return out;
}

/**
 * Splits what the other party sent into points, refusing anything but canonical u-coordinates: a
 * malformed encoding is a broken peer. A point of small order is refused when it is blinded
 * (blindPoints). A u of the twist is blinded like any other, as FATE does (its `diffie_hellman`
 * takes any 32 bytes): X25519 is safe on the twist by design (RFC 7748 §7; the twist's group is
 * 4 times a 253-bit prime, and the clamped scalar is a multiple of 8), so such a point teaches a
 * peer nothing of this party's secret, and it matches no honest party's point.
 */
export function decodePoints(bytes: Uint8Array, expected: number | undefined, what: string): Uint8Array[] {
  if (bytes.length % POINT_BYTES !== 0) {
    throw new DataError(`${what}: ${bytes.length} bytes is not a whole number of ${POINT_BYTES}-byte group elements`);
  }
  const count = bytes.length / POINT_BYTES;
  if (expected !== undefined && count !== expected) {
    throw new DataError(`${what}: ${count} group elements where ${expected} were sent`);
  }
  const points: Uint8Array[] = [];
  for (let i = 0; i < count; i += 1) {
    const point = bytes.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES);
    const u = fromLittleEndian(point);
    if (u >= P) throw new DataError(`${what}: element ${i} is not a canonical encoding`);
    points.push(point);
  }
  return points;
}

/**
 * Raises received points to this party's secret: the second blinding, in slices of HASH_SLICE_IDS
 * points with a turn of the event loop between them, so that a message this party has just posted
 * (its own points: ecdh-protocol.ts) goes out while it works, and its peer blinds those meanwhile.
 */
export async function reblind(
  bytes: Uint8Array,
  secret: EcdhSecret,
  expected: number | undefined,
  what: string,
): Promise<Uint8Array> {
  const points = decodePoints(bytes, expected, what);
  const out = new Uint8Array(points.length * POINT_BYTES);
  // A turn first too: the post made just before this goes out before the first slice.
  await nextTurn();
  await bySlices(points, (slice, start) => out.set(blindPoints(slice, secret, what, start), start * POINT_BYTES));
  return out;
}

/** The encodings as hex strings, one per element, to compare as set members. */
export function encodingsOf(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += POINT_BYTES) {
    out.push(Buffer.from(bytes.subarray(offset, offset + POINT_BYTES)).toString('hex'));
  }
  return out;
}
