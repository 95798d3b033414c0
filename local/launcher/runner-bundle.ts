import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the runner's bundle is built from: its sources, the build script, and the locked packages. */
const SOURCE_FOLDERS = ['runner', 'functions', 'components', 'proto'];
const SOURCE_FILES = ['package-lock.json', 'scripts/bundle-runner.mjs', 'tsconfig.json'];
const SOURCE_FILE = /\.(ts|mts|js|mjs|json)$/;

/** Bundles already built or being built by this process, by project root. */
const built = new Map<string, Promise<string>>();

/**
 * The runner's bundle (its entry file, its chunks beside it), exactly as `runner/Dockerfile` builds
 * it for Fargate (scripts/bundle-runner.mjs): a local runner then starts as the container's does, in plain Node,
 * without compiling TypeScript at each start (about a second of CPU per task under tsx). Built once
 * per content of its sources and kept under the system's temp folder, so every site process and
 * every restart of one reuse it; a change to any source builds a new one.
 */
export function runnerBundle(
  root: string,
  cacheDir: string = join(tmpdir(), 'fate-flow-runner-bundles'),
): Promise<string> {
  let bundle = built.get(root);
  if (bundle === undefined) {
    bundle = buildOnce(root, cacheDir);
    built.set(root, bundle);
    // A failed build is tried again at the next launch rather than failing every later one.
    bundle.catch(() => built.delete(root));
  }
  return bundle;
}

async function buildOnce(root: string, cacheDir: string): Promise<string> {
  const key = await sourcesDigest(root);
  const folder = join(cacheDir, key);
  const bundle = join(folder, 'runner.mjs');
  if (await exists(bundle)) return bundle;
  await mkdir(cacheDir, { recursive: true });
  // Built aside and renamed into place whole (the bundle with its source map), so that a process
  // never runs a half-written bundle, and two processes building at once both end with a good one.
  const scratch = await mkdtemp(join(cacheDir, 'build-'));
  try {
    await run(process.execPath, [join(root, 'scripts', 'bundle-runner.mjs'), join(scratch, 'runner.mjs')], {
      cwd: root,
    });
    await rename(scratch, folder).catch(async (error: unknown) => {
      if (!(await exists(bundle))) throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return bundle;
}

/** A digest of every file the bundle is built from (paths and contents). */
async function sourcesDigest(root: string): Promise<string> {
  const files = [...SOURCE_FILES];
  for (const folder of SOURCE_FOLDERS) {
    const entries = await readdir(join(root, folder), { recursive: true });
    files.push(...entries.filter((entry) => SOURCE_FILE.test(entry)).map((entry) => join(folder, entry)));
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

/**
 * Whether a process's command line is a task runner's: the bundle this module builds, or
 * runner/entry.ts under tsx (a test's own entry). Tools that look for runners in `ps` use it.
 */
export function isRunnerCommand(commandLine: string): boolean {
  return /fate-flow-runner-bundles[/\\][0-9a-f]{32}[/\\]runner\.mjs|runner[/\\]entry\.ts/.test(commandLine);
}
