import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ArgumentError, NotFoundError, OperatingError } from '../../functions/domain/errors.js';
import type { SigningKeyStore } from '../../functions/domain/ports/signing-key-store.js';
import { generateSigningKey, keyId, parseSecretKey, publicKeyOf } from '../../functions/domain/signing/keys.js';

/**
 * A local site's signing keys in one JSON file (mode 0600); the first use creates a key. The site's
 * process is the file's one writer (its data folder is its own), so the keys are read once and
 * kept with every change made here: every federation call signs, two of them on each stage's path.
 */
export class FileSigningKeyStore implements SigningKeyStore {
  private kept: readonly string[] | undefined;

  constructor(private readonly path: string) {}

  async secretKeys(): Promise<readonly string[]> {
    if (this.kept !== undefined) return this.kept;
    const keys = await this.read();
    if (keys.length > 0) {
      this.kept ??= keys;
      return this.kept;
    }
    return this.write([generateSigningKey().secretKey]);
  }

  async addKey(secretKey: string): Promise<readonly string[]> {
    parseSecretKey(secretKey);
    const keys = await this.secretKeys();
    return keys.includes(secretKey) ? keys : this.write([...keys, secretKey]);
  }

  async removeKey(id: string): Promise<readonly string[]> {
    const keys = await this.secretKeys();
    const kept = keys.filter((key) => keyId(publicKeyOf(key)) !== id);
    if (kept.length === keys.length) throw new NotFoundError(`this site has no signing key ${id}`);
    if (kept.length === 0) throw new OperatingError(`key ${id} is this site's only signing key; add a new one first`);
    return this.write(kept);
  }

  private async read(): Promise<string[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const keys: unknown = JSON.parse(text);
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) {
      throw new ArgumentError(`${this.path} is not a list of signing keys`);
    }
    return keys;
  }

  private async write(keys: readonly string[]): Promise<readonly string[]> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
    this.kept = keys;
    return keys;
  }
}
