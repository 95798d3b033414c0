import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArgumentError, OperatingError } from '../../domain/errors.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';
import { type LocalPresigner, presignLocalPut } from './local-presigned-url.js';
import { checkObjectKey } from './object-key.js';

/**
 * The object store of a local site: one file per key under `root`. With a presigner it hands out
 * presigned PUT URLs on the site's API server, as S3 does (see local-presigned-url.ts).
 */
export class LocalObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(
    root: string,
    private readonly presigner?: LocalPresigner,
  ) {
    this.root = resolve(root);
  }

  async put(key: string, body: Uint8Array | string, _contentType?: string): Promise<void> {
    await this.writeAtomically(key, (temp) => writeFile(temp, body));
  }

  async putStream(key: string, body: AsyncIterable<Uint8Array>, _contentType?: string): Promise<void> {
    await this.writeAtomically(key, (temp) =>
      pipeline(Readable.from(body, { highWaterMark: 2 }), createWriteStream(temp)),
    );
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      // Opened here, so that a missing object answers undefined rather than a stream that fails.
      const handle = await open(this.pathOf(key), 'r');
      // A "folder" of other keys opens too on Linux; it is no object (as on S3).
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        return undefined;
      }
      return handle.createReadStream({ highWaterMark: 64 * 1024 });
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'EISDIR') || isErrno(error, 'ENOTDIR')) return undefined;
      throw error;
    }
  }

  /**
   * Writes beside the target, then renames: a reader never sees half a file, and a crash leaves
   * only a temp file (whose dot-name no valid key can collide with by accident of a retry).
   */
  private async writeAtomically(key: string, write: (temp: string) => Promise<void>): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.${randomUUID()}.tmp`);
    try {
      await write(temp);
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

  async presignPut(key: string, expiresInSeconds: number): Promise<string> {
    this.pathOf(key);
    if (this.presigner === undefined) {
      throw new OperatingError('this object store serves no presigned uploads: it has no API server to take them', {
        details: { key },
      });
    }
    return presignLocalPut(this.presigner, key, expiresInSeconds);
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
