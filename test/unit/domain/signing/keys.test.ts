import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/curves/utils.js';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import {
  encodePublicKey,
  encodeSecretKey,
  generateSigningKey,
  KEY_BYTES,
  keyId,
  parsePublicKey,
  parseSecretKey,
  publicKeyOf,
} from '../../../../functions/domain/signing/keys.js';

/** RFC 8032 §7.1, TEST 1: the empty message. */
const RFC8032_TEST_1 = {
  secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
} as const;
const VECTOR_SECRET_KEY = `whsk_${Buffer.from(RFC8032_TEST_1.secretKey, 'hex').toString('base64')}`;
const VECTOR_PUBLIC_KEY = `whpk_${Buffer.from(RFC8032_TEST_1.publicKey, 'hex').toString('base64')}`;

/** What a call throws, so that the error's class and exact message can both be checked. */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('RFC 8032 test vector 1 through the whsk_/whpk_ encoding', () => {
  it('encodes the vector keys as whsk_ and whpk_ plus padded base64', () => {
    expect(encodeSecretKey(hexToBytes(RFC8032_TEST_1.secretKey))).toBe(
      'whsk_nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=',
    );
    expect(encodePublicKey(hexToBytes(RFC8032_TEST_1.publicKey))).toBe(
      'whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
    );
  });

  it('derives the vector public key from the vector secret key', () => {
    expect(publicKeyOf(VECTOR_SECRET_KEY)).toBe(VECTOR_PUBLIC_KEY);
  });

  it('signs the empty message with the parsed secret key to the vector signature', () => {
    const signature = ed25519.sign(new Uint8Array(0), parseSecretKey(VECTOR_SECRET_KEY));
    expect(bytesToHex(signature)).toBe(RFC8032_TEST_1.signature);
  });

  it('verifies the vector signature with the parsed public key', () => {
    const publicKey = parsePublicKey(VECTOR_PUBLIC_KEY);
    expect(bytesToHex(publicKey)).toBe(RFC8032_TEST_1.publicKey);
    expect(ed25519.verify(hexToBytes(RFC8032_TEST_1.signature), new Uint8Array(0), publicKey, { zip215: false })).toBe(
      true,
    );
  });
});

describe('generateSigningKey', () => {
  it('returns a whsk_ secret key and the whpk_ public key that belongs to it', () => {
    const { secretKey, publicKey } = generateSigningKey();
    expect(secretKey).toMatch(/^whsk_[A-Za-z0-9+/]{43}=$/);
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecretKey(secretKey)).toHaveLength(KEY_BYTES);
    expect(publicKeyOf(secretKey)).toBe(publicKey);
  });

  it('returns a different key pair each time', () => {
    const first = generateSigningKey();
    const second = generateSigningKey();
    expect(second.secretKey).not.toBe(first.secretKey);
    expect(second.publicKey).not.toBe(first.publicKey);
  });
});

describe('parseSecretKey and parsePublicKey', () => {
  const shortKey = Buffer.alloc(31, 7).toString('base64');
  const longKey = Buffer.alloc(33, 7).toString('base64');

  it.each([
    ['a key without prefix', RFC8032_TEST_1.secretKey, 'secret key must start with whsk_'],
    ['a public key', VECTOR_PUBLIC_KEY, 'secret key must start with whsk_ (this is a public key)'],
    ['a symmetric whsec_ key', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'secret key must start with whsk_'],
    ['broken base64', 'whsk_not base64!', 'secret key is not padded standard base64 after whsk_'],
    ['unpadded base64', VECTOR_SECRET_KEY.slice(0, -1), 'secret key is not padded standard base64 after whsk_'],
    ['31 bytes', `whsk_${shortKey}`, 'secret key must be 32 bytes, got 31'],
    ['33 bytes', `whsk_${longKey}`, 'secret key must be 32 bytes, got 33'],
    ['an empty key', 'whsk_', 'secret key must be 32 bytes, got 0'],
  ])('parseSecretKey rejects %s with an ArgumentError that names the problem', (_case, text, message) => {
    const error = thrownBy(() => parseSecretKey(text));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toHaveProperty('message', message);
  });

  it('never repeats the secret key text in its error message', () => {
    const almostKey = `whsk_${Buffer.alloc(31, 0xab).toString('base64')}`;
    const error = thrownBy(() => parseSecretKey(almostKey));
    expect(error).toHaveProperty('message', 'secret key must be 32 bytes, got 31');
    expect(JSON.stringify(error)).not.toContain(almostKey.slice(5));
  });

  it.each([
    ['a key without prefix', RFC8032_TEST_1.publicKey, 'public key must start with whpk_'],
    [
      'a secret key',
      VECTOR_SECRET_KEY,
      'public key must start with whpk_ (this is a secret key, which must never be shared)',
    ],
    ['broken base64', 'whpk_@@@@', 'public key is not padded standard base64 after whpk_'],
    ['31 bytes', `whpk_${shortKey}`, 'public key must be 32 bytes, got 31'],
    ['33 bytes', `whpk_${longKey}`, 'public key must be 32 bytes, got 33'],
    // y = 2^255 - 1 is not below the field prime, so RFC 8032 decoding refuses it.
    [
      'bytes that are not a curve point',
      `whpk_${Buffer.alloc(32, 0xff).toString('base64')}`,
      'public key is not a valid Ed25519 point',
    ],
  ])('parsePublicKey rejects %s with an ArgumentError that names the problem', (_case, text, message) => {
    const error = thrownBy(() => parsePublicKey(text));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toHaveProperty('message', message);
  });

  it('rejects a value that is not a string at all', () => {
    const notAString: unknown = 42;
    const error = thrownBy(() => parsePublicKey(notAString as string));
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toHaveProperty('message', 'public key must be a string');
  });

  it('refuses to encode key bytes of the wrong length', () => {
    expect(() => encodePublicKey(new Uint8Array(31))).toThrow(new ArgumentError('public key must be 32 bytes, got 31'));
    expect(() => encodeSecretKey(new Uint8Array(64))).toThrow(new ArgumentError('secret key must be 32 bytes, got 64'));
  });
});

describe('keyId', () => {
  it('is the first 16 hex digits of SHA-256 over the public key bytes', () => {
    const expected = createHash('sha256').update(Buffer.from(RFC8032_TEST_1.publicKey, 'hex')).digest('hex');
    expect(keyId(VECTOR_PUBLIC_KEY)).toBe(expected.slice(0, 16));
    expect(keyId(VECTOR_PUBLIC_KEY)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs between two keys', () => {
    expect(keyId(generateSigningKey().publicKey)).not.toBe(keyId(generateSigningKey().publicKey));
  });

  it('rejects a secret key, so a secret never becomes a log line', () => {
    expect(() => keyId(VECTOR_SECRET_KEY)).toThrow(ArgumentError);
  });
});

describe('parsePublicKey remembers a parsed key by its text', () => {
  it('gives the same bytes each time, which a caller that changes its copy cannot change', () => {
    const { publicKey } = generateSigningKey();
    const first = parsePublicKey(publicKey);
    const expected = bytesToHex(first);
    first.fill(0);
    const second = parsePublicKey(publicKey);
    expect(bytesToHex(second)).toBe(expected);
    second.fill(1);
    expect(bytesToHex(parsePublicKey(publicKey))).toBe(expected);
  });

  it('refuses an invalid key every time (refusals are not remembered as keys)', () => {
    const offCurve = `whpk_${Buffer.from(new Uint8Array(32).fill(0xff)).toString('base64')}`;
    expect([1, 2].map(() => thrownBy(() => parsePublicKey(offCurve)))).toEqual([
      new ArgumentError('public key is not a valid Ed25519 point'),
      new ArgumentError('public key is not a valid Ed25519 point'),
    ]);
  });
});
