import { readFile } from 'node:fs/promises';
import { ServerError } from '../functions/domain/errors.js';
import { parseSecretKey } from '../functions/domain/signing/keys.js';

/**
 * The local site's signing keys, read from its key file (local/site/file-signing-key-store.ts: a
 * JSON list of `whsk_` keys). Only read: a runner never creates or rotates a key (a key no peer
 * knows would only make every signature fail), so a missing or empty file is an error naming it.
 * Read on each call, so a rotation during a long task is picked up.
 */
export function signingKeysFromFile(path: string): () => Promise<readonly string[]> {
  return async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ServerError(`cannot read the site's signing keys at ${path}: ${(error as Error).message}`);
    }
    let keys: unknown;
    try {
      keys = JSON.parse(text);
    } catch {
      throw new ServerError(`${path} is not JSON`);
    }
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string')) {
      throw new ServerError(`${path} is not a non-empty list of signing keys`);
    }
    // Checked without repeating a key in the message: it would put a secret into the task's log.
    keys.forEach((key, index) => {
      try {
        parseSecretKey(key);
      } catch {
        throw new ServerError(`${path}: entry ${index} is not a signing key`);
      }
    });
    return keys;
  };
}
