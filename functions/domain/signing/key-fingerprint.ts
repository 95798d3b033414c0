import { createHash } from 'node:crypto';
import { encodeBase64 } from './base64.js';
import { parsePublicKey } from './keys.js';

/**
 * A `whpk_` public key's fingerprint as OpenSSH prints one (`SHA256:` and unpadded base64 of
 * SHA-256 over the 32 key bytes): what two people read to each other to check that a peer's
 * registered key is the one its site holds. The whole digest, unlike keyId's 64 bits, which only
 * name a key.
 */
export function keyFingerprint(publicKey: string): string {
  const digest = createHash('sha256').update(parsePublicKey(publicKey)).digest();
  return `SHA256:${encodeBase64(new Uint8Array(digest)).replace(/=+$/, '')}`;
}
