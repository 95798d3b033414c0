#!/usr/bin/env node
// Bundles the task runner (runner/entry.ts) into one ESM file for the Fargate image. The Dockerfile
// runs this script and test/integration/lambda runs the same one, so what is tested is what ships.
//   node scripts/bundle-runner.mjs [outfile]   (default dist/runner/runner.mjs)
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** esbuild's options for the runner: one ESM file for Node 22, every dependency inside. */
export function runnerBuildOptions(outfile) {
  return {
    absWorkingDir: root,
    entryPoints: ['runner/entry.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins; ESM has none.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // The AWS SDK v3 and smithy prefer their ESM builds ("module" before "main").
    mainFields: ['module', 'main'],
    minify: true,
    // Some libraries and our logs read constructor and function names; minifying must not change them.
    keepNames: true,
    // Error reports keep the top of the stack, named by our files from the map when a report is
    // written (runner/bundle-stack.ts): --enable-source-maps would parse it at every start.
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
