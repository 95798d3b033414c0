import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contentCachedBuild } from '../build/content-cached-build.js';

const run = promisify(execFile);

const builds = new Map<string, (root: string) => Promise<string>>();

/**
 * The runner's bundle (its entry file, its chunks beside it), exactly as `runner/Dockerfile` builds
 * it for Fargate (scripts/bundle-runner.mjs): a local runner then starts as the container's does, in plain Node,
 * without compiling TypeScript at each start (about a second of CPU per task under tsx). Built once
 * per content of its sources (runner, functions, components, proto, the build script, the lock
 * file, tsconfig) and kept under the system's temp folder, so every site process and every restart
 * of one reuse it; a change to any source builds a new one.
 */
export async function runnerBundle(
  root: string,
  cacheDir: string = join(tmpdir(), 'fate-flow-runner-bundles'),
): Promise<string> {
  let build = builds.get(cacheDir);
  if (build === undefined) {
    build = contentCachedBuild({
      cacheDir,
      sourceFolders: ['runner', 'functions', 'components', 'proto'],
      sourceFiles: ['package-lock.json', 'scripts/bundle-runner.mjs', 'tsconfig.json'],
      sourcePattern: /\.(ts|mts|js|mjs|json)$/,
      marker: 'runner.mjs',
      build: async (projectRoot, outDir) => {
        await run(process.execPath, [join(projectRoot, 'scripts', 'bundle-runner.mjs'), join(outDir, 'runner.mjs')], {
          cwd: projectRoot,
        });
      },
    });
    builds.set(cacheDir, build);
  }
  return join(await build(root), 'runner.mjs');
}

/**
 * Whether a process's command line is a task runner's: the bundle this module builds, or
 * runner/entry.ts under tsx (a test's own entry). Tools that look for runners in `ps` use it.
 */
export function isRunnerCommand(commandLine: string): boolean {
  return /fate-flow-runner-bundles[/\\][0-9a-f]{32}[/\\]runner\.mjs|runner[/\\]entry\.ts/.test(commandLine);
}
