import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LocalObjectStore } from '../../../../functions/adapters/objects/local-object-store.js';
import { ArgumentError, OperatingError, RetCode } from '../../../../functions/domain/errors.js';

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

describe('LocalObjectStore', () => {
  let root: string;
  let store: LocalObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'local-object-store-'));
    store = new LocalObjectStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('returns the text it was given', async () => {
    await store.put('tables/experiment/breast.csv', 'id,y\n1,0\n', 'text/csv');
    expect(text(await store.get('tables/experiment/breast.csv'))).toBe('id,y\n1,0\n');
  });

  it('returns the bytes it was given, unchanged', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
    await store.put('blobs/raw', bytes);
    expect(Array.from((await store.get('blobs/raw')) ?? [])).toEqual([0, 1, 2, 254, 255]);
  });

  it('answers undefined for a key that was never written', async () => {
    expect(await store.get('nothing/here.csv')).toBeUndefined();
  });

  it('answers undefined for a key that is only the folder of other keys', async () => {
    await store.put('jobs/j1/logs/a.log', 'x');
    expect(await store.get('jobs/j1')).toBeUndefined();
    expect(await store.get('jobs/j1/logs/a.log/deeper')).toBeUndefined();
  });

  it('keeps nested keys apart from each other', async () => {
    await store.put('a/b/c.txt', 'deep');
    await store.put('a/b.txt', 'shallow');
    expect(text(await store.get('a/b/c.txt'))).toBe('deep');
    expect(text(await store.get('a/b.txt'))).toBe('shallow');
  });

  it('replaces an object written twice and leaves no temp files behind', async () => {
    await store.put('out/data.csv', 'first');
    await store.put('out/data.csv', 'second');
    expect(text(await store.get('out/data.csv'))).toBe('second');
    expect(await readdir(join(root, 'out'))).toEqual(['data.csv']);
  });

  it('deletes an object, and deleting a missing one succeeds', async () => {
    await store.put('tmp/x', 'x');
    await store.delete('tmp/x');
    expect(await store.get('tmp/x')).toBeUndefined();
    await expect(store.delete('tmp/x')).resolves.toBeUndefined();
    await expect(store.delete('never/was/there')).resolves.toBeUndefined();
  });

  it.each([
    ['/etc/passwd'],
    ['../outside'],
    ['tables/../../outside'],
    ['a//b'],
    ['a/./b'],
    [''],
    ['C:/windows'],
    ['a\\..\\b'],
  ])('refuses the key %j with an ArgumentError for every operation', async (key) => {
    await expect(store.put(key, 'x')).rejects.toBeInstanceOf(ArgumentError);
    await expect(store.get(key)).rejects.toBeInstanceOf(ArgumentError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(ArgumentError);
    expect(await readdir(root)).toEqual([]);
  });

  it('explains that without a presigner (an API server to take the PUT) it presigns nothing', async () => {
    const error = await store.presignPut('uploads/big.csv', 900).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OperatingError);
    expect(error).toMatchObject({
      retcode: RetCode.OPERATING_ERROR,
      message: 'this object store serves no presigned uploads: it has no API server to take them',
    });
  });
});
