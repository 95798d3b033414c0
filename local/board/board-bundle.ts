import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contentCachedBuild } from '../build/content-cached-build.js';

const run = promisify(execFile);

const builds = new Map<string, (root: string) => Promise<string>>();

/**
 * The folder of the board's static assets (index.html, main.js, main.css), built by
 * scripts/bundle-board.mjs once per content of its sources (board/, the build script and the locked
 * packages) and kept under the system's temp folder, as the runner's bundle is, so every site
 * process and restart reuse it.
 */
export function boardBundle(
  root: string,
  cacheDir: string = join(tmpdir(), 'fate-flow-board-bundles'),
): Promise<string> {
  let build = builds.get(cacheDir);
  if (build === undefined) {
    build = contentCachedBuild({
      cacheDir,
      sourceFolders: ['board'],
      sourceFiles: ['package-lock.json', 'scripts/bundle-board.mjs'],
      sourcePattern: /\.(ts|css|html|json)$/,
      marker: 'index.html',
      build: async (projectRoot, outDir) => {
        await run(process.execPath, [join(projectRoot, 'scripts', 'bundle-board.mjs'), outDir], { cwd: projectRoot });
      },
    });
    builds.set(cacheDir, build);
  }
  return build(root);
}
