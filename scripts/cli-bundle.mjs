// The `flow` CLI compiled once into one ESM file (cli/flow.ts and every project file it reaches; npm
// packages stay imports, resolved from node_modules), kept under node_modules/.cache/fate-flow-cli/ and
// built again only when one of its source files changes. bin/flow.js runs it, so no TypeScript is
// compiled at run time. Plain JavaScript: bin/flow.js imports it before any compiler is loaded.
//
//   node scripts/cli-bundle.mjs      build it now if it is stale, and print its path
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const defaultCacheDir = join(root, 'node_modules', '.cache', 'fate-flow-cli');
/** Files that decide how the bundle is built, besides its sources. */
const BUILD_FILES = ['scripts/cli-bundle.mjs', 'tsconfig.json', 'package.json'];

/**
 * The path of an up-to-date bundle: the cached one when every file it was built from still has the
 * size and modification time it had (a stat per file, a few milliseconds), else a new build.
 * `cacheDir` must be inside the project: the bundle imports its packages from node_modules.
 */
export async function cliBundle(cacheDir = defaultCacheDir) {
  const current = readManifest(cacheDir);
  if (current !== undefined && isFresh(current.inputs)) return join(cacheDir, current.bundle);
  return build(cacheDir);
}

function readManifest(cacheDir) {
  try {
    return JSON.parse(readFileSync(join(cacheDir, 'current.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function stampOf(file) {
  const stats = statSync(join(root, file));
  return `${stats.size}:${stats.mtimeMs}`;
}

function isFresh(inputs) {
  try {
    return Object.entries(inputs).every(([file, stamp]) => stampOf(file) === stamp);
  } catch {
    return false;
  }
}

async function build(cacheDir) {
  // Loaded only to build: esbuild's start is most of what a warm `flow --help` must not pay.
  const { build: esbuild } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // Each build in its own folder, named in current.json only once complete (written aside and
  // renamed), so a process never runs a half-written bundle and two building at once both end well.
  const folder = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const outfile = join(cacheDir, folder, 'flow.mjs');
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { flow: 'cli/flow.ts' },
    outdir: join(cacheDir, folder),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // The commands' lazy imports (the local site's runtime, the planner) stay lazy, in chunks of their
    // own with their packages: `flow --help` loads commander and the command table, not dynalite.
    splitting: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    plugins: [sourceLocatedImportMeta],
    metafile: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const inputs = Object.fromEntries([...sources, ...BUILD_FILES].map((file) => [file, stampOf(file)]));
  const manifest = join(cacheDir, `current-${folder}.json`);
  writeFileSync(manifest, JSON.stringify({ bundle: relative(cacheDir, outfile), inputs }));
  renameSync(manifest, join(cacheDir, 'current.json'));
  removeOldBuilds(cacheDir, folder);
  return outfile;
}

/**
 * Each project file's `import.meta.url` stays its own source file's URL rather than the bundle's:
 * the CLI finds bin/flow.js, the state machine definition and the runner's sources next to it, and
 * resolves packages from the project's node_modules, as it does under tsx.
 */
const sourceLocatedImportMeta = {
  name: 'source-located-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

/**
 * Builds older than a day that are no longer current. A process that started from one has loaded
 * its chunks by then: only a command's first lazy import (at its start) reads one.
 */
function removeOldBuilds(cacheDir, keep) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of readdirSync(cacheDir)) {
    if (!entry.startsWith('build-') || entry === keep) continue;
    const folder = join(cacheDir, entry);
    if (statSync(folder).mtimeMs < dayAgo) rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await cliBundle()}\n`);
}
