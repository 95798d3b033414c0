#!/usr/bin/env node
// Bundles the board (board/main.ts) into static assets: index.html, main.js and main.css (uPlot's
// stylesheet and the board's), every library inside, nothing fetched from elsewhere at run time.
// A local site serves what local/board/board-bundle.ts builds with this; a deployed site's board
// hosting can run the same.
//   node scripts/bundle-board.mjs [outdir]   (default dist/board)
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export async function bundleBoard(outdir) {
  await mkdir(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ['board/main.ts'],
    outdir,
    entryNames: 'main',
    bundle: true,
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    format: 'esm',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await copyFile(join(root, 'board', 'index.html'), join(outdir, 'index.html'));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleBoard(resolve(process.argv[2] ?? join(root, 'dist', 'board')));
}
