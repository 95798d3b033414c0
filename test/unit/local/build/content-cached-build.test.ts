import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { contentCachedBuild } from '../../../../local/build/content-cached-build.js';

let root: string;
let cacheDir: string;
let builds: number;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cached-build-root-'));
  cacheDir = join(root, 'cache');
  builds = 0;
  await mkdir(join(root, 'src'));
  await writeFile(join(root, 'src', 'a.ts'), 'export const a = 1;');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function spec() {
  return contentCachedBuild({
    cacheDir,
    sourceFolders: ['src'],
    sourceFiles: [],
    sourcePattern: /\.ts$/,
    marker: 'out.js',
    build: async (_root: string, outDir: string) => {
      builds += 1;
      await writeFile(join(outDir, 'out.js'), `build ${builds}`);
    },
  });
}

describe('a content-cached build', () => {
  it('builds once per content of its sources, and again after a change', async () => {
    const first = await spec()(root);
    expect(await spec()(root)).toBe(first);
    expect(builds).toBe(1);
    await writeFile(join(root, 'src', 'a.ts'), 'export const a = 2;');
    const second = await spec()(root);
    expect(second).not.toBe(first);
    expect(builds).toBe(2);
    expect((await readdir(cacheDir)).sort()).toEqual(
      [first, second].map((path) => path.slice(cacheDir.length + 1)).sort(),
    );
  });

  it("replaces a folder left without its output (a runner's compile cache recreated it) instead of failing on it", async () => {
    const folder = await spec()(root);
    await rm(folder, { recursive: true, force: true });
    await mkdir(join(folder, 'compile-cache'), { recursive: true });
    expect(await spec()(root)).toBe(folder);
    expect(await readFile(join(folder, 'out.js'), 'utf8')).toBe('build 2');
    expect(await readdir(folder)).toEqual(['out.js']);
  });
});
