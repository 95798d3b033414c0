/**
 * A local federation run as users run it: `flow local up` starts it in a detached process of its
 * own, `flow local down` stops it — so a test can also kill that process (-9) as a crash would.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Envelope, FlowClient } from '../../../../client/flow-client.js';
import { isRunnerCommand } from '../../../../local/launcher/runner-bundle.js';
import { taskLogMessages } from '../../../support/task-log.js';

const run = promisify(execFile);
const FLOW = fileURLToPath(new URL('../../../../bin/flow.js', import.meta.url));

export interface FederationState {
  readonly pid: number;
  /** Each site with its own bearer token, which no other site takes. */
  readonly sites: ReadonlyArray<{ readonly party_id: number; readonly api_url: string; readonly token: string }>;
}

/** Runs `flow <args>` in `cwd`; its JSON answer. */
export async function flowCli(
  cwd: string,
  ...args: string[]
): Promise<{ retcode: number; retmsg: string; data?: FederationState }> {
  const { stdout } = await run(process.execPath, [FLOW, ...args], { cwd, timeout: 90_000 });
  return JSON.parse(stdout) as { retcode: number; retmsg: string; data?: FederationState };
}

/** `flow local up -c federation.json` in `cwd`; the running federation's state. */
export async function localUp(cwd: string): Promise<FederationState> {
  const up = await flowCli(cwd, 'local', 'up', '-c', 'federation.json');
  if (up.retcode !== 0 || up.data === undefined) throw new Error(`flow local up: ${up.retmsg}`);
  return up.data;
}

/** A client of one site of the running federation. */
export function siteClient(state: FederationState, partyId: number): FlowClient {
  const site = state.sites.find((s) => s.party_id === partyId);
  if (site === undefined) throw new Error(`party ${partyId} is not in the federation`);
  return new FlowClient({ url: site.api_url, token: site.token });
}

export function ok(envelope: Envelope, what: string): Envelope {
  if (envelope.retcode !== 0) throw new Error(`${what}: retcode ${envelope.retcode}: ${envelope.retmsg}`);
  return envelope;
}

/** Pids of the task runners a process started (its children running runner/entry.ts). */
export async function runnersOf(parentPid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,args=']);
  return stdout
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && Number(m[2]) === parentPid && isRunnerCommand(m[3] ?? ''))
    .map((m) => Number(m[1]));
}

/** The job a runner process runs, from its environment (RUNNER_ENV's FATE_FLOW_JOB_ID). */
export async function jobOfRunner(pid: number): Promise<string> {
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  const entry = environ.split('\0').find((line) => line.startsWith('FATE_FLOW_JOB_ID='));
  return entry?.slice('FATE_FLOW_JOB_ID='.length) ?? '';
}

/** Whether any of these processes still exists (zombies and dead ones do not count). */
export async function anyAlive(pids: readonly number[]): Promise<boolean> {
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined) continue;
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * Every task log message under a site's logs folder (`<data>/party-<id>/logs/<job>/…/v<n>.log`):
 * the runner's JSON lines as their message, the launcher's own lines as they are.
 */
export async function taskLogLines(dataDir: string, partyId: number, jobIds: readonly string[]): Promise<string[]> {
  const logs = await Promise.all(
    jobIds.map(async (jobId) => {
      const root = join(dataDir, `party-${partyId}`, 'logs', jobId);
      const files = await readdir(root, { recursive: true }).catch(() => [] as string[]);
      return Promise.all(
        files.filter((file) => file.endsWith('.log')).map((file) => readFile(join(root, file), 'utf8').catch(() => '')),
      );
    }),
  );
  return logs.flat().flatMap(taskLogMessages);
}

// Polling with a deadline: the orchestration tests' helper (its default poll, 100 ms, suits these too).
export { sleep, waitFor } from '../../orchestration/wait.js';
