// The e2e project's global setup: the runner's bundle (local/launcher/runner-bundle.ts) is built
// once before any file starts a site, rather than by the first file of every worker at once while
// its sites wait to launch. Run through tsx in a child: jest loads a global setup without the
// projects' transform of our `.js` → `.ts` imports.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function buildRunnerBundle() {
  const script = "import { runnerBundle } from './local/launcher/runner-bundle.ts'; await runnerBundle(process.cwd());";
  await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
}
