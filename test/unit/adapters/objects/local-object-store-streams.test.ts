import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalObjectStore } from '../../../../functions/adapters/objects/local-object-store.js';
import {
  checkLocalPresignedPut,
  type LocalPresigner,
  PRESIGNED_PUT_PATH,
} from '../../../../functions/adapters/objects/local-presigned-url.js';
import { DataError } from '../../../../functions/domain/errors.js';

async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield Buffer.from(text);
}

async function text(stream: AsyncIterable<Uint8Array> | undefined): Promise<string | undefined> {
  if (stream === undefined) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

describe('LocalObjectStore streams and presigned PUTs', () => {
  let root: string;
  let now = 1_800_000_000_000;
  const presigner: LocalPresigner = {
    secret: Buffer.alloc(32, 7),
    clock: () => now,
    baseUrl: () => 'http://127.0.0.1:9380',
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'local-objects-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes a stream and reads it back as one', async () => {
    const store = new LocalObjectStore(root);
    await store.putStream('tables/a/b.csv', chunks('id,y\n', '1,0\n', '2,1\n'));
    expect(await text(await store.getStream('tables/a/b.csv'))).toBe('id,y\n1,0\n2,1\n');
    expect(await store.getStream('tables/a/none.csv')).toBeUndefined();
    // A "folder" of other keys is no object, as on S3.
    expect(await store.getStream('tables/a')).toBeUndefined();
  });

  it('leaves nothing (and the previous object as it was) when the stream fails', async () => {
    const store = new LocalObjectStore(root);
    await store.put('tables/a/b.csv', 'old\n');
    const failing = async function* () {
      yield Buffer.from('id,y\n');
      throw new DataError('line 2 is empty');
    };
    await expect(store.putStream('tables/a/b.csv', failing())).rejects.toThrow('line 2 is empty');
    expect(await text(await store.getStream('tables/a/b.csv'))).toBe('old\n');
    expect(await readdir(join(root, 'tables', 'a'))).toEqual(['b.csv']);
  });

  it('presigns a PUT URL on the API server that only its key, unexpired and unaltered, passes', () => {
    const store = new LocalObjectStore(root, presigner);
    return store.presignPut('uploads/staging/u-1', 900).then((url) => {
      const pathWithQuery = url.slice('http://127.0.0.1:9380'.length);
      expect(pathWithQuery).toMatch(
        new RegExp(`^${PRESIGNED_PUT_PATH}uploads/staging/u-1\\?expires=1800000900&signature=`),
      );
      expect(checkLocalPresignedPut(presigner, pathWithQuery)).toEqual({ ok: true, key: 'uploads/staging/u-1' });
      expect(checkLocalPresignedPut(presigner, pathWithQuery.replace('u-1', 'u-2'))).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      expect(
        checkLocalPresignedPut(presigner, pathWithQuery.replace('expires=1800000900', 'expires=1800009999')),
      ).toEqual({
        ok: false,
        reason: 'bad signature',
      });
      now += 901_000;
      expect(checkLocalPresignedPut(presigner, pathWithQuery)).toEqual({ ok: false, reason: 'expired' });
      expect(checkLocalPresignedPut(presigner, '/_objects/a%5Cb?expires=1&signature=a')).toEqual({
        ok: false,
        reason: 'malformed object key',
      });
    });
  });

  it('refuses to presign without an API server to take the PUT', async () => {
    await expect(new LocalObjectStore(root).presignPut('uploads/staging/u-1', 900)).rejects.toThrow(
      'this object store serves no presigned uploads',
    );
  });
});
