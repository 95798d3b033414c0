/** The real `bin/flow.js` in a child process: what only a process shows (argv, re-exec, exit codes). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const FLOW = join(ROOT, 'bin', 'flow.js');

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `<node> bin/flow.js <args>` in ROOT, with FATE_FLOW_URL and FATE_FLOW_TOKEN only as `env`
 * gives them (asynchronously: the sites may answer from this process).
 */
export async function flowProcess(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  node: string = process.execPath,
): Promise<ProcessResult> {
  const childEnv: Record<string, string | undefined> = { ...process.env };
  delete childEnv.FATE_FLOW_URL;
  delete childEnv.FATE_FLOW_TOKEN;
  delete childEnv.FATE_FLOW_PARTY;
  Object.assign(childEnv, env);
  try {
    const { stdout, stderr } = await run(node, [FLOW, ...args], { cwd: ROOT, env: childEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
