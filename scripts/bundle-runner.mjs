#!/usr/bin/env node
// Bundles the task runner (runner/entry.ts) for the Fargate image: one folder holding the entry
// file and the chunks it imports on demand. The Dockerfile runs this script and test/integration/lambda
// runs the same one, so what is tested is what ships.
//   node scripts/bundle-runner.mjs [outfile]   (default dist/runner/runner.mjs; its chunks beside it)
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Node's `http` and `https` through require() rather than an ESM import: Node builds a built-in's
 * ESM namespace by reading every export, and `http`'s lazy `WebSocket` getter then loads Node's
 * whole undici (≈ 50 ms of CPU at every start, for a client no task uses). esbuild binds a
 * CommonJS module's named imports by property access at the call, so the getters stay untouched.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.namespace === 'builtin-by-require' ? undefined : { path: args.path, namespace: 'builtin-by-require' },
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path.startsWith('node:') ? args.path : `node:${args.path}`)});`,
      loader: 'js',
    }));
  },
};

/**
 * esbuild's options for the runner: ESM for Node 22, every dependency inside, split into chunks
 * so that a task loads only what its component needs (each component, the S3 and Lambda clients,
 * the peer client are imported on demand). The entry is `outfile`; its chunks go beside it.
 */
export function runnerBuildOptions(outfile) {
  return {
    absWorkingDir: root,
    // The worker threads' entry beside the runner's (runner/entry.ts finds it by name): a worker
    // loads the chunks it serves from, not the runner's whole closure.
    entryPoints: { [basename(outfile, extname(outfile))]: 'runner/entry.ts', 'thread-entry': 'runner/thread-entry.ts' },
    outdir: dirname(outfile),
    outExtension: { '.js': extname(outfile) || '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    plugins: [builtinsByRequire],
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins; ESM has none.
    // esbuild puts the banner at the top of every chunk.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // The AWS SDK v3 and smithy prefer their ESM builds ("module" before "main").
    mainFields: ['module', 'main'],
    minify: true,
    // Some libraries and our logs read constructor and function names; minifying must not change them.
    keepNames: true,
    // Error reports keep the top of the stack, named by our files from each chunk's map when a
    // report is written (runner/bundle-stack.ts): --enable-source-maps would parse them at every start.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

export async function bundleRunner(outfile) {
  await build(runnerBuildOptions(resolve(outfile)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleRunner(process.argv[2] ?? resolve(root, 'dist/runner/runner.mjs'));
}
