// The e2e project's global setup: the runner's bundle (local/launcher/runner-bundle.ts) and the
// `flow` CLI's (scripts/cli-bundle.mjs) are built once before any file starts a site, rather than by
// the first file of every worker at once while its sites wait to launch. Run through tsx in a child:
// jest loads a global setup without the projects' transform of our `.js` → `.ts` imports.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function buildRunnerBundle() {
  const script = "import { runnerBundle } from './local/launcher/runner-bundle.ts'; await runnerBundle(process.cwd());";
  await Promise.all([
    promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root }),
    // bin/flow.js's compiled CLI (scripts/cli-bundle.mjs) too, for the files that run `flow` as a process.
    promisify(execFile)(process.execPath, ['scripts/cli-bundle.mjs'], { cwd: root }),
  ]);
}
