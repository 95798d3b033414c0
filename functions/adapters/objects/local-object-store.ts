import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ArgumentError, OperatingError } from '../../domain/errors.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';
import { checkObjectKey } from './object-key.js';

/** The object store of a local site: one file per key under `root`. */
export class LocalObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Uint8Array | string, _contentType?: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Write beside the target, then rename: a reader never sees half a file, and a crash leaves
    // only a temp file (whose dot-name no valid key can collide with by accident of a retry).
    const temp = join(dirname(path), `.${randomUUID()}.tmp`);
    try {
      await writeFile(temp, body);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      // A missing file, or a key that is only a "folder" of other keys, is no object (as on S3).
      if (isErrno(error, 'ENOENT') || isErrno(error, 'EISDIR') || isErrno(error, 'ENOTDIR')) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // Deleting a missing object succeeds, as S3's DeleteObject does.
    try {
      await rm(this.pathOf(key), { force: true });
    } catch (error) {
      if (isErrno(error, 'ENOTDIR')) return;
      throw error;
    }
  }

  async presignPut(key: string, _expiresInSeconds: number): Promise<string> {
    this.pathOf(key);
    throw new OperatingError(
      'presigned uploads exist only with S3; a local site has no upload size limit, so send the file to the API directly',
      { details: { key } },
    );
  }

  /** The file of `key`, refusing keys that would leave `root`. */
  private pathOf(key: string): string {
    const path = resolve(this.root, ...checkObjectKey(key));
    const inside = relative(this.root, path);
    // checkObjectKey already refuses ".." segments; this second check also catches what the
    // platform's path rules might resolve differently.
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
      throw new ArgumentError(`object key "${key}" resolves outside the store`);
    }
    return path;
  }
}

/** Structural, not `instanceof Error`: errors from Node's fs may come from another realm (jest's vm). */
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
