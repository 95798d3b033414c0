/**
 * This site's own Standard Webhooks signing keys (`whsk_…`), oldest first. Every outgoing
 * message is signed with all of them, so a rotation is: add a key, let peers register its public
 * key, retire the old one. Secrets Manager in AWS, a file readable only by its owner locally.
 */
export interface SigningKeyStore {
  secretKeys(): Promise<readonly string[]>;
  /** Adds a newly generated key; returns all keys. */
  addKey(secretKey: string): Promise<readonly string[]>;
  /** Removes the key with this public key id; refuses to remove the last key. */
  removeKey(keyId: string): Promise<readonly string[]>;
}
