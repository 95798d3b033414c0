import { describe, expect, it } from '@jest/globals';
import {
  blindPoints,
  decodePoints,
  encodingsOf,
  HASH_SLICE_IDS,
  hashIdsToGroup,
  newEcdhSecret,
  reblind,
} from '../../../../runner/components/intersection/ecdh-psi.js';
import { legendre, P } from '../../../../runner/components/intersection/field25519.js';
import { matchRows } from '../../../../runner/components/intersection/matching.js';
import { modInv, modPow, randomBits } from '../../../../runner/components/intersection/modular.js';
import {
  blind,
  finalHash,
  generateRsaKey,
  hashToInteger,
  newBlinding,
  RsaSigner,
  rsaSign,
  unblind,
} from '../../../../runner/components/intersection/rsa-psi.js';

const guestIds = ['a1', 'a2', 'b7', 'c3', 'x9', '100'];
const hostIds = ['c3', 'zz', '100', 'a1', 'q0'];

describe('modular arithmetic', () => {
  it('raises to a power and inverts as the textbook defines', () => {
    expect(modPow(3n, 200n, 1_000_000_007n)).toBe(3n ** 200n % 1_000_000_007n);
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect((modInv(17n, 3120n) * 17n) % 3120n).toBe(1n);
    expect(() => modInv(6n, 9n)).toThrow('no inverse');
  });

  it('draws random numbers of the asked size from fresh bytes every time, across its pool of 4 KB', () => {
    for (const bits of [1, 7, 8, 9, 512, 40_000]) {
      for (let i = 0; i < 20; i += 1) {
        const value = randomBits(bits);
        expect(value >= 0n && value < 1n << BigInt(bits)).toBe(true);
      }
    }
    expect(randomBits(0)).toBe(0n);
    // 600 draws of 64 bytes go through the pool nine times: a byte handed out twice would repeat a value.
    const draws = Array.from({ length: 600 }, () => randomBits(512));
    expect(new Set(draws).size).toBe(600);
    // Every byte asked for is used: some of 600 draws reach the top bit (all missing it: 2^-600).
    expect(draws.some((value) => value >= 1n << 511n)).toBe(true);
  });
});

describe('RSA blind-signature PSI', () => {
  const key = generateRsaKey(512);

  it('signs with the CRT exactly as value^d mod n', () => {
    const value = hashToInteger('sha256', 'id-42', '', key.n);
    expect(rsaSign(key, value)).toBe(modPow(value, key.d, key.n));
    expect(modPow(rsaSign(key, value), key.e, key.n)).toBe(value);
  });

  it('signs with base blinding exactly as without, one signature after another', () => {
    const signer = new RsaSigner(key);
    const values = Array.from({ length: 40 }, (_, i) => hashToInteger('sha256', `id-${i}`, '', key.n));
    const signatures = values.map((value) => signer.sign(value));
    expect(signatures).toEqual(values.map((value) => rsaSign(key, value)));
    expect(signatures.map((s) => modPow(s, key.e, key.n))).toEqual(values);
  });

  it('unblinds a blinded signature into the plain signature', () => {
    const hashed = hashToInteger('sha256', 'id-7', 'salt', key.n);
    const blinding = newBlinding(key, 128);
    const blinded = blind(key, hashed, blinding);
    expect(blinded).not.toBe(hashed);
    expect(unblind(key, rsaSign(key, blinded), blinding)).toBe(rsaSign(key, hashed));
  });

  it('finds exactly the common ids through blinding, signing and final hashing', () => {
    const guestFinal = guestIds.map((id) => {
      const blinding = newBlinding(key, 128);
      const signed = rsaSign(key, blind(key, hashToInteger('sha256', id, 's', key.n), blinding));
      return finalHash('sha256', unblind(key, signed, blinding));
    });
    const hostFinal = hostIds.map((id) => finalHash('sha256', rsaSign(key, hashToInteger('sha256', id, 's', key.n))));
    expect([...matchRows(guestFinal, hostFinal)]).toEqual([
      [0, 3],
      [3, 0],
      [5, 2],
    ]);
  });
});

describe('ECDH PSI over Curve25519 (X25519)', () => {
  it('meets equal ids as equal doubly-blinded elements, whichever party blinds first', async () => {
    const a = newEcdhSecret();
    const b = newEcdhSecret();
    const guestOnce = blindPoints(await hashIdsToGroup(guestIds, 'sha256', ''), a);
    const hostOnce = blindPoints(await hashIdsToGroup(hostIds, 'sha256', ''), b);
    const guestTwice = encodingsOf(await reblind(guestOnce, b, guestIds.length, 'guest points'));
    const hostTwice = encodingsOf(await reblind(hostOnce, a, hostIds.length, 'host points'));
    expect([...matchRows(guestTwice, hostTwice)]).toEqual([
      [0, 3],
      [3, 0],
      [5, 2],
    ]);
  });

  it('finds nothing in common when the salts differ', async () => {
    const a = newEcdhSecret();
    const b = newEcdhSecret();
    const guestTwice = await reblind(blindPoints(await hashIdsToGroup(guestIds, 'sha256', 'x'), a), b, undefined, 'g');
    const hostTwice = await reblind(blindPoints(await hashIdsToGroup(hostIds, 'sha256', 'y'), b), a, undefined, 'h');
    expect(matchRows(encodingsOf(guestTwice), encodingsOf(hostTwice)).size).toBe(0);
  });

  it('refuses from a peer a point of small order, a non-canonical encoding, ragged bytes; blinds a point of the twist as FATE does', async () => {
    const secret = newEcdhSecret();
    const littleEndian = (u: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((u >> BigInt(8 * i)) & 0xffn));
    const p = 2n ** 255n - 19n;

    await expect(reblind(new Uint8Array(32), secret, 1, 'points')).rejects.toThrow(
      'points: element 0 is a point of small order',
    );
    // A point of order 8 (RFC 7748's list of Curve25519's small-order points).
    const order8 = 325606250916557431795983626356110631294008115727848805560023387167927233504n;
    await expect(reblind(littleEndian(order8), secret, 1, 'points')).rejects.toThrow(
      'element 0 is a point of small order',
    );
    // In the second slice of the blinding, named by its place in what was sent.
    const sent = Buffer.concat(
      await hashIdsToGroup(
        Array.from({ length: HASH_SLICE_IDS + 7 }, (_, i) => `${i}`),
        'sha256',
        '',
      ),
    );
    sent.set(littleEndian(order8), (HASH_SLICE_IDS + 6) * 32);
    await expect(reblind(sent, secret, HASH_SLICE_IDS + 7, 'points')).rejects.toThrow(
      `points: element ${HASH_SLICE_IDS + 6} is a point of small order`,
    );
    // u = 2 is on the twist (2³ + A·2² + 2 is not a square): X25519 blinds it like any u, twist-safely.
    expect(legendre((8n + 486662n * 4n + 2n) % p)).toBe(p - 1n);
    const twist = await reblind(littleEndian(2n), secret, 1, 'points');
    expect(twist).toHaveLength(32);
    expect(twist.some((byte) => byte !== 0)).toBe(true);
    expect(() => decodePoints(littleEndian(p + 4n), 1, 'points')).toThrow('element 0 is not a canonical encoding');
    expect(() => decodePoints(new Uint8Array(33), undefined, 'points')).toThrow('not a whole number of 32-byte');
    expect(decodePoints(littleEndian(4n), 1, 'points')).toEqual([littleEndian(4n)]);
  });

  it('hashes an id to one canonical point of the curve (not its twist), the same at every party', async () => {
    const [first] = await hashIdsToGroup(['a1'], 'sha256', 's');
    const [again] = await hashIdsToGroup(['a1'], 'sha256', 's');
    if (first === undefined) throw new Error('one point per id');
    const u = BigInt(`0x${Buffer.from(first).reverse().toString('hex')}`);

    expect(again).toEqual(first);
    expect(decodePoints(first, 1, 'own')).toEqual([first]);
    expect(legendre((((u * u) % P) * (u + 486662n) + u) % P)).toBe(1n);
  });

  it('hashes ids in slices to the points each id has alone, in order', async () => {
    // Three slices and a part: the slice edges, each slice's own batch inversion, the order kept.
    const ids = Array.from({ length: 3 * HASH_SLICE_IDS + 5 }, (_, i) => `id-${i}`);
    const sliced = await hashIdsToGroup(ids, 'sha256', 's');
    const alone = await Promise.all(ids.map(async (id) => (await hashIdsToGroup([id], 'sha256', 's'))[0]));

    expect(sliced).toHaveLength(ids.length);
    expect(sliced).toEqual(alone);
    expect(new Set(sliced.map((point) => Buffer.from(point).toString('hex'))).size).toBe(ids.length);
  });
});
