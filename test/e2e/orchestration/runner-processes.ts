/**
 * The task runner processes a test's local sites launched: found from /proc, their task logs, and
 * waits until they are up and at work.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isRunnerCommand } from '../../../local/launcher/runner-bundle.js';
import type { TestFederation } from '../../support/local-federation.js';
import { waitFor } from './wait.js';

/** The environment variables of a process, from /proc (Linux). */
async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  return Object.fromEntries(
    raw
      .split('\0')
      .filter((entry) => entry.includes('='))
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

export interface RunnerProcess {
  readonly pid: number;
  readonly jobId: string;
  readonly component: string;
  readonly role: string;
  readonly partyId: number;
  readonly taskVersion: number;
}

/**
 * The task runners this process launched (children whose command runs runner/entry.ts), with
 * the task each runs, read from its environment (RUNNER_ENV) in /proc.
 */
export async function runnerProcesses(jobId?: string): Promise<RunnerProcess[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,args=']);
  const children = stdout
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .filter((m) => Number(m[2]) === process.pid && isRunnerCommand(m[3] ?? ''))
    .map((m) => Number(m[1]));
  const found: RunnerProcess[] = [];
  for (const pid of children) {
    const env = await environOf(pid);
    const runner: RunnerProcess = {
      pid,
      jobId: env.FATE_FLOW_JOB_ID ?? '',
      component: env.FATE_FLOW_COMPONENT ?? '',
      role: env.FATE_FLOW_ROLE ?? '',
      partyId: Number(env.FATE_FLOW_PARTY_ID),
      taskVersion: Number(env.FATE_FLOW_TASK_VERSION),
    };
    // A process that exited between ps and /proc has no environment left.
    if (runner.jobId !== '' && (jobId === undefined || runner.jobId === jobId)) found.push(runner);
  }
  return found;
}

/** Whether a process with this pid exists (and is not a zombie). */
export async function isProcessAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return false;
  // The state is the field after the command in parentheses: Z (zombie) and X (dead) are gone.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** The log file of one task version at one party, as the process launcher writes it. */
export function taskLogFile(
  federation: TestFederation,
  jobId: string,
  task: { readonly component: string; readonly role: string; readonly partyId: number; readonly version?: number },
): string {
  return join(
    federation.dataDir,
    `party-${task.partyId}`,
    'logs',
    jobId,
    task.role,
    String(task.partyId),
    task.component,
    `v${task.version ?? 0}.log`,
  );
}

/** Waits until each runner's task log contains `text` (e.g. the component's first line: its work has begun). */
export async function waitForLogs(
  federation: TestFederation,
  jobId: string,
  runners: readonly RunnerProcess[],
  text: string,
  timeoutMs: number,
): Promise<void> {
  const logOf = (r: RunnerProcess) =>
    readFile(taskLogFile(federation, jobId, { ...r, version: r.taskVersion }), 'utf8').catch(() => '');
  await waitFor(
    async () => ((await Promise.all(runners.map(logOf))).every((log) => log.includes(text)) ? true : undefined),
    timeoutMs,
    async () => `"${text}" not in every log: ${JSON.stringify(await Promise.all(runners.map(logOf)))}`,
  );
}

/** Waits until exactly `count` runners of the job's `component` are up; them. */
export async function waitForRunners(
  jobId: string,
  component: string,
  count: number,
  timeoutMs: number,
): Promise<RunnerProcess[]> {
  return waitForRunnersOfEach(jobId, [component], count, timeoutMs);
}

/**
 * Waits until exactly `count` runners of each of the job's `components` are up; them all. One
 * look at the process table every 250 ms whatever the number of components: `ps` is a process of
 * its own, and many pollers at once would take the CPU from the runners they wait for.
 */
export async function waitForRunnersOfEach(
  jobId: string,
  components: readonly string[],
  count: number,
  timeoutMs: number,
): Promise<RunnerProcess[]> {
  return waitFor(
    async () => {
      const found = (await runnerProcesses(jobId)).filter((r) => components.includes(r.component));
      const complete = components.every((name) => found.filter((r) => r.component === name).length === count);
      return complete ? found : undefined;
    },
    timeoutMs,
    async () => `${components.join(', ')} runners: ${JSON.stringify(await runnerProcesses(jobId))}`,
    250,
  );
}

/**
 * Waits until `count` runners of `component` are up and each has written `line` to its log (the
 * component's work has begun): the moment the stop, kill and restart tests act on.
 */
export async function waitForWorkingRunners(
  federation: TestFederation,
  jobId: string,
  component: string,
  count: number,
  line: string,
  timeoutMs: { readonly up: number; readonly working: number },
): Promise<RunnerProcess[]> {
  const runners = await waitForRunners(jobId, component, count, timeoutMs.up);
  await waitForLogs(federation, jobId, runners, line, timeoutMs.working);
  return runners;
}

/** The runner at `role` among `runners`; throws naming them all when there is none. */
export function runnerAt(runners: readonly RunnerProcess[], role: string): RunnerProcess {
  const runner = runners.find((r) => r.role === role);
  if (runner === undefined) throw new Error(`no ${role} runner among ${JSON.stringify(runners)}`);
  return runner;
}
