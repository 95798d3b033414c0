import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A build whose output is kept per content of its sources (the runner's bundle, the board's assets). */
export interface ContentCachedBuild {
  /** Where the outputs are kept, one folder per digest of the sources. */
  readonly cacheDir: string;
  /** Project-relative folders whose files (those `sourcePattern` matches) the output is built from. */
  readonly sourceFolders: readonly string[];
  /** Project-relative files it is built from besides: the build script, the lock file, … */
  readonly sourceFiles: readonly string[];
  readonly sourcePattern: RegExp;
  /** A file of the output, relative to its folder, whose presence says the output is whole. */
  readonly marker: string;
  /** Builds the output into `outDir` (an empty folder). */
  build(root: string, outDir: string): Promise<void>;
}

/**
 * The output's folder for `root`: built once per content of its sources and kept under
 * `cacheDir`, so every process and every restart of one reuse it, and a change to any source builds
 * a new one. A process builds at most once (a failed build is tried again at the next call rather
 * than failing every later one).
 */
export function contentCachedBuild(spec: ContentCachedBuild): (root: string) => Promise<string> {
  const built = new Map<string, Promise<string>>();
  return (root) => {
    let folder = built.get(root);
    if (folder === undefined) {
      folder = buildOnce(spec, root);
      built.set(root, folder);
      folder.catch(() => built.delete(root));
    }
    return folder;
  };
}

async function buildOnce(spec: ContentCachedBuild, root: string): Promise<string> {
  const folder = join(spec.cacheDir, await sourcesDigest(spec, root));
  if (await exists(join(folder, spec.marker))) return folder;
  await mkdir(spec.cacheDir, { recursive: true });
  // Built aside and renamed into place whole, so that nothing ever uses a half-written output, and
  // two processes building at once both end with a good one.
  const scratch = await mkdtemp(join(spec.cacheDir, 'build-'));
  try {
    await spec.build(root, scratch);
    await putInPlace(scratch, folder, spec.marker);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return folder;
}

/**
 * Renames the built output into place. Another process's whole output already there is as good. A
 * folder there without the marker was never renamed into place whole: something else made it (a
 * runner's NODE_COMPILE_CACHE beside a bundle removed under it recreates the folder with only that
 * cache); left there it would fail every later build, so it goes once and the output takes its place.
 */
async function putInPlace(scratch: string, folder: string, marker: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(scratch, folder);
      return;
    } catch (error) {
      if (await exists(join(folder, marker))) return;
      if (attempt > 1 || !(await exists(folder))) throw error;
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** A digest of every file the output is built from (paths and contents). */
async function sourcesDigest(spec: ContentCachedBuild, root: string): Promise<string> {
  const files = [...spec.sourceFiles];
  for (const folder of spec.sourceFolders) {
    const entries = await readdir(join(root, folder), { recursive: true });
    files.push(...entries.filter((entry) => spec.sourcePattern.test(entry)).map((entry) => join(folder, entry)));
  }
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
