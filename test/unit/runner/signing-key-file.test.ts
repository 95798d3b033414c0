import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { signingKeysFromFile } from '../../../runner/signing-key-file.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'signing-key-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileWith = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

describe("the runner's reading of its site's signing-key file", () => {
  it('gives every key of the file, oldest first', async () => {
    const keys = [generateSigningKey().secretKey, generateSigningKey().secretKey];
    const path = await fileWith('keys.json', JSON.stringify(keys));

    expect(await signingKeysFromFile(path)()).toEqual(keys);
  });

  it('never creates a missing file: it names it', async () => {
    const path = join(dir, 'missing.json');

    await expect(signingKeysFromFile(path)()).rejects.toThrow(`cannot read the site's signing keys at ${path}:`);
  });

  it('refuses an empty list and an entry that is not a key, without repeating the entry', async () => {
    const empty = await fileWith('empty.json', '[]');
    const bad = await fileWith('bad.json', JSON.stringify([generateSigningKey().secretKey, 'whsk_secret-ish']));

    await expect(signingKeysFromFile(empty)()).rejects.toThrow(`${empty} is not a non-empty list of signing keys`);
    await expect(signingKeysFromFile(bad)()).rejects.toThrow(`${bad}: entry 1 is not a signing key`);
    await expect(signingKeysFromFile(bad)()).rejects.not.toThrow('secret-ish');
  });
});
