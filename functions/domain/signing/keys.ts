/**
 * Ed25519 keys for signing federation webhooks, in Standard Webhooks' text form: `whsk_` + base64 of
 * the 32-byte secret key (the RFC 8032 seed) and `whpk_` + base64 of the 32-byte public key. The
 * prefixes make a pasted key say what it is, so a secret key is never mistaken for a public one.
 */
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { BoundedCache } from '../bounded-cache.js';
import { ArgumentError } from '../errors.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { publicKeyOfSecret } from './ed25519.js';

export const SECRET_KEY_PREFIX = 'whsk_';
export const PUBLIC_KEY_PREFIX = 'whpk_';
/** Ed25519 secret keys (seeds) and public keys are both 32 bytes. */
export const KEY_BYTES = 32;

export interface SigningKeyPair {
  /** `whsk_…`: stays with the party that signs; never logged, never sent. */
  readonly secretKey: string;
  /** `whpk_…`: registered with every peer that verifies this party's webhooks. */
  readonly publicKey: string;
}

/** A fresh key pair from the platform's CSPRNG (`crypto.getRandomValues`). */
export function generateSigningKey(): SigningKeyPair {
  const secret = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  return { secretKey: encodeSecretKey(secret), publicKey: encodePublicKey(publicKeyOfSecret(secret)) };
}

/** The `whpk_` public key that belongs to a `whsk_` secret key. */
export function publicKeyOf(secretKey: string): string {
  return encodePublicKey(publicKeyOfSecret(parseSecretKey(secretKey)));
}

export function encodeSecretKey(bytes: Uint8Array): string {
  return SECRET_KEY_PREFIX + encodeBase64(exactKeyBytes(bytes, 'secret key'));
}

export function encodePublicKey(bytes: Uint8Array): string {
  return PUBLIC_KEY_PREFIX + encodeBase64(exactKeyBytes(bytes, 'public key'));
}

/**
 * The 32 bytes of a `whsk_` secret key. Error messages say what is wrong but never repeat the
 * text, which would put the secret into logs.
 */
export function parseSecretKey(text: string): Uint8Array {
  return parseKey(text, SECRET_KEY_PREFIX, 'secret key', PUBLIC_KEY_PREFIX, 'a public key');
}

/** Public keys already parsed, by text: every verification parses the sender's keys. */
const parsedPublicKeys = new BoundedCache<string, Uint8Array>(256);

/**
 * The 32 bytes of a `whpk_` public key, which must also decode to a point on the curve (RFC 8032's
 * strict decoding) so that a corrupted key fails when it is registered, not at every request. The
 * point's decoding (a square root in JavaScript) is done once per key: a valid key's bytes are
 * remembered by its text.
 */
export function parsePublicKey(text: string): Uint8Array {
  const known = typeof text === 'string' ? parsedPublicKeys.get(text) : undefined;
  // A copy, so that a caller that changes its bytes cannot change the remembered key.
  if (known !== undefined) return known.slice();
  const bytes = parseKey(
    text,
    PUBLIC_KEY_PREFIX,
    'public key',
    SECRET_KEY_PREFIX,
    'a secret key, which must never be shared',
  );
  if (!ed25519.utils.isValidPublicKey(bytes, false)) {
    throw new ArgumentError('public key is not a valid Ed25519 point', { details: { key: 'public' } });
  }
  parsedPublicKeys.set(text, bytes.slice());
  return bytes;
}

/**
 * A short, stable name for a public key in logs and key lists: the first 16 hex digits (64 bits)
 * of SHA-256 over the key bytes. It names a key, it does not authenticate one.
 */
export function keyId(publicKey: string): string {
  return keyIdOfBytes(parsePublicKey(publicKey));
}

/** {@link keyId} for key bytes that have already been parsed. */
export function keyIdOfBytes(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

function parseKey(text: string, prefix: string, what: string, otherPrefix: string, otherWhat: string): Uint8Array {
  const details = { key: what === 'secret key' ? 'secret' : 'public' };
  // Checked at run time too: keys come from configuration files and environment variables.
  if (typeof text !== 'string') throw new ArgumentError(`${what} must be a string`, { details });
  if (!text.startsWith(prefix)) {
    const hint = text.startsWith(otherPrefix) ? ` (this is ${otherWhat})` : '';
    throw new ArgumentError(`${what} must start with ${prefix}${hint}`, { details });
  }
  const bytes = decodeBase64(text.slice(prefix.length));
  if (bytes === undefined) {
    throw new ArgumentError(`${what} is not padded standard base64 after ${prefix}`, { details });
  }
  if (bytes.length !== KEY_BYTES) {
    throw new ArgumentError(`${what} must be ${KEY_BYTES} bytes, got ${bytes.length}`, { details });
  }
  return bytes;
}

function exactKeyBytes(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== KEY_BYTES) throw new ArgumentError(`${what} must be ${KEY_BYTES} bytes, got ${bytes.length}`);
  return bytes;
}
