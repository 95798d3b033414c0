import { generatePrimeSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { generatePaillierKey } from '../../../runner/components/hetero-lr/paillier.js';
import { bitLength } from '../../../runner/components/intersection/modular.js';
import { generateRsaKey } from '../../../runner/components/intersection/rsa-psi.js';
import {
  asPaillierModulus,
  asRsaPublicKey,
  asX25519PublicKey,
  checkModulus,
} from '../../../runner/components/peer-keys.js';

const prime = (bits: number): bigint => generatePrimeSync(bits, { bigint: true });
const from = 'lr.paillier_public_key from arbiter 10000';
const refused = (problem: string) => `${from}: ${problem}; refusing to use this key`;

describe('a peer-sent Paillier public key', () => {
  let n: bigint;
  // Prime generation in JavaScript: slow on a loaded machine, so once, with room.
  beforeAll(async () => {
    n = (await generatePaillierKey(512)).publicKey.n;
  }, 30_000);

  it('is accepted when the arbiter made it as the protocol does (512 bits, g = n + 1)', () => {
    expect(asPaillierModulus({ n, g: n + 1n }, from, 512)).toBe(n);
  });

  it('is refused when shorter than the key_length configured here, or beyond 4096 bits', () => {
    expect(() => asPaillierModulus({ n, g: n + 1n }, from, 1024)).toThrow(
      refused('the modulus has 512 bits, fewer than the key_length 1024 configured here'),
    );
    expect(() => asPaillierModulus({ n: 3233n, g: 3234n }, from, 512)).toThrow(
      refused('the modulus has 12 bits, fewer than the key_length 512 configured here'),
    );
    const huge = (1n << 4100n) + 1n;
    expect(() => asPaillierModulus({ n: huge, g: huge + 1n }, from, 512)).toThrow(
      refused('the modulus has 4101 bits, more than 4096'),
    );
  });

  it('is refused when its modulus is even, a perfect square or has a small prime factor', () => {
    const p = prime(256);
    const q = prime(256);
    const even = p * q * 2n;
    expect(() => checkModulus(even, from, 512)).toThrow(refused('the modulus is even'));
    const square = p * p;
    expect(() => checkModulus(square, from, bitLength(square))).toThrow(refused('the modulus is a perfect square'));
    const smallFactor = 9973n * prime(500);
    expect(() => checkModulus(smallFactor, from, 500)).toThrow(refused('the modulus is divisible by 9973'));
    expect(() => checkModulus(0n, from, 512)).toThrow(refused('the modulus is not a positive integer'));
    expect(() => checkModulus(-(p * q), from, 512)).toThrow(refused('the modulus is not a positive integer'));
  });

  it('is refused when g is not n + 1, or a part is missing', () => {
    expect(() => asPaillierModulus({ n, g: 2n }, from, 512)).toThrow(refused('g is not n + 1'));
    expect(() => asPaillierModulus({ n }, from, 512)).toThrow(`${from}: g: expected a bigint, received null`);
    expect(() => asPaillierModulus('n', from, 512)).toThrow(`${from}: expected an object, received string`);
  });
});

describe("a host's RSA public key for blind-signature intersection", () => {
  const what = 'intersect.rsa.public_key from host 10000';
  const key = generateRsaKey(512);

  it('is accepted as Node generates it (e = 65537)', () => {
    expect(asRsaPublicKey({ n: key.n, e: key.e, fingerprint: 'f' }, what, 512)).toEqual({ n: key.n, e: 65537n });
  });

  it('is refused with a small, even or oversized exponent, or a bad modulus', () => {
    const exponent = (e: bigint) =>
      `${what}: the public exponent ${e} is not an odd number between 2^16 and 2^256; refusing to use this key`;
    expect(() => asRsaPublicKey({ n: key.n, e: 3n }, what, 512)).toThrow(exponent(3n));
    expect(() => asRsaPublicKey({ n: key.n, e: 65536n }, what, 512)).toThrow(exponent(65536n));
    expect(() => asRsaPublicKey({ n: key.n, e: (1n << 256n) + 1n }, what, 512)).toThrow(exponent((1n << 256n) + 1n));
    expect(() => asRsaPublicKey({ n: key.n, e: key.e }, what, 1024)).toThrow(
      `${what}: the modulus has 512 bits, fewer than the key_length 1024 configured here; refusing to use this key`,
    );
    expect(() => asRsaPublicKey({ n: key.n * 3n, e: key.e }, what, 512)).toThrow(
      `${what}: the modulus is divisible by 3; refusing to use this key`,
    );
  });
});

describe("a client's X25519 mask key", () => {
  it('is 32 bytes', () => {
    const what = 'homo_lr.mask_public_key from host 10000';
    expect(asX25519PublicKey(new Uint8Array(32).fill(9), what)).toHaveLength(32);
    expect(() => asX25519PublicKey(new Uint8Array(31), what)).toThrow(
      `${what}: an X25519 public key has 32 bytes, not 31; refusing to use this key`,
    );
  });
});
