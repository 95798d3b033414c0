import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the board's assets are built from: its sources, the build script and the locked packages. */
const SOURCE_FILES = ['package-lock.json', 'scripts/bundle-board.mjs'];

/** Assets already built or being built by this process, by project root. */
const built = new Map<string, Promise<string>>();

/**
 * The folder of the board's static assets (index.html, main.js, main.css), built by
 * scripts/bundle-board.mjs once per content of its sources and kept under the system's temp folder
 * (as local/launcher/runner-bundle.ts keeps the runner's), so every site process and restart reuse
 * it; a change to any source builds a new one.
 */
export function boardBundle(
  root: string,
  cacheDir: string = join(tmpdir(), 'fate-flow-board-bundles'),
): Promise<string> {
  let folder = built.get(root);
  if (folder === undefined) {
    folder = buildOnce(root, cacheDir);
    built.set(root, folder);
    // A failed build is tried again at the next request rather than failing every later one.
    folder.catch(() => built.delete(root));
  }
  return folder;
}

async function buildOnce(root: string, cacheDir: string): Promise<string> {
  const folder = join(cacheDir, await sourcesDigest(root));
  if (await exists(join(folder, 'index.html'))) return folder;
  await mkdir(cacheDir, { recursive: true });
  // Built aside and renamed into place whole, so that no request is served a half-written bundle.
  const scratch = await mkdtemp(join(cacheDir, 'build-'));
  try {
    await run(process.execPath, [join(root, 'scripts', 'bundle-board.mjs'), scratch], { cwd: root });
    await rename(scratch, folder).catch(async (error: unknown) => {
      if (!(await exists(join(folder, 'index.html')))) throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return folder;
}

async function sourcesDigest(root: string): Promise<string> {
  const entries = await readdir(join(root, 'board'), { recursive: true });
  const files = [
    ...SOURCE_FILES,
    ...entries.filter((entry) => /\.(ts|css|html|json)$/.test(entry)).map((e) => join('board', e)),
  ];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
