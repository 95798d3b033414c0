import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Envelope } from '../../../cli/client/flow-client.js';
import { componentCatalog } from '../../../runner/components/catalog.js';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';

export const GUEST = 9999;
export const HOST = 10000;
/** guest 9999 and host + arbiter 10000, as the test federation is laid out. */
export const PARTIES = [GUEST, HOST] as const;

/** Job and task statuses after which nothing changes any more (without a rerun). */
export const FINAL = ['success', 'failed', 'canceled', 'timeout'] as const;
export type FinalStatus = (typeof FINAL)[number];
const isFinal = (status: string): status is FinalStatus => (FINAL as readonly string[]).includes(status);

/**
 * The site loops' sweep (scheduler safety pass and detector) of a local site. `startTestFederation`
 * takes no `loops` option, so the tests run with the default and wait for one sweep plus slack.
 */
export const SWEEP_MS = 5000;

export interface JobRow {
  readonly f_job_id: string;
  readonly f_role: string;
  readonly f_party_id: string;
  readonly f_status: string;
  readonly f_tag: string;
  readonly f_is_initiator: boolean;
  readonly f_cancel_signal: boolean;
  readonly f_progress: number;
}

export interface TaskRow {
  readonly f_component_name: string;
  readonly f_task_version: number;
  readonly f_role: string;
  readonly f_party_id: string;
  readonly f_run_on_this_party: boolean;
  readonly f_need_run: boolean;
  readonly f_party_status: string;
  readonly f_status: string;
  readonly f_error_report: string;
  readonly f_worker_id: string;
  readonly f_start_time: number | null;
  readonly f_end_time: number | null;
  readonly f_status_history: readonly unknown[];
}

export interface PoolView {
  readonly partyId: number;
  readonly cores: number;
  readonly remainingCores: number;
  /** Grant ids (`<job>#<role>`) the pool holds. */
  readonly grants: readonly string[];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The two-site federation with schedulers, detectors and the real components (tasks are child processes). */
export function startSchedulingFederation(
  options: { readonly sites?: unknown[]; readonly persistent?: boolean } = {},
): Promise<TestFederation> {
  return startTestFederation({ ...options, scheduling: true, catalog: componentCatalog });
}

/** A DSL v2 component: `module`, data inputs as `{kind: [refs]}`, one data output "data". */
export function component(module: 'PassThrough' | 'Sleep', inputs: Readonly<Record<string, string[]>> = {}) {
  return {
    module,
    ...(Object.keys(inputs).length === 0 ? {} : { input: { data: inputs } }),
    output: { data: ['data'] },
  };
}

export interface JobSpec {
  readonly components: Readonly<Record<string, ReturnType<typeof component>>>;
  /** job_parameters.common over {task_cores: 1, task_parallelism: 1, auto_retries: 0}. */
  readonly jobParameters?: Readonly<Record<string, unknown>>;
  /** component_parameters.common. */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** component_parameters.role (FATE's per-role, per-index sections). */
  readonly roleParameters?: Readonly<Record<string, unknown>>;
  /** With the arbiter (at 10000 beside the host). @default true */
  readonly arbiter?: boolean;
}

/** A DSL v2 / conf v2 pair initiated by the guest. */
export function jobOf(spec: JobSpec): { readonly dsl: unknown; readonly conf: unknown } {
  return {
    dsl: { components: spec.components },
    conf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: GUEST },
      role: { guest: [GUEST], host: [HOST], ...(spec.arbiter === false ? {} : { arbiter: [HOST] }) },
      job_parameters: {
        common: { job_type: 'train', task_cores: 1, task_parallelism: 1, auto_retries: 0, ...spec.jobParameters },
      },
      component_parameters: {
        common: spec.parameters ?? {},
        ...(spec.roleParameters === undefined ? {} : { role: spec.roleParameters }),
      },
    },
  };
}

function ok(envelope: Envelope, what: string): Envelope {
  if (envelope.retcode !== 0) throw new Error(`${what}: retcode ${envelope.retcode}: ${envelope.retmsg}`);
  return envelope;
}

/** Submits at the guest; the job id. */
export async function submit(federation: TestFederation, job: ReturnType<typeof jobOf>): Promise<string> {
  const submitted = ok(
    await federation.post(GUEST, '/v1/job/submit', { job_dsl: job.dsl, job_runtime_conf: job.conf }),
    'submit',
  );
  return String(submitted.jobId);
}

/** The job's records at one site (one per role the party plays), sorted by role. */
export async function jobRows(federation: TestFederation, partyId: number, jobId: string): Promise<JobRow[]> {
  const rows = ok(await federation.post(partyId, '/v1/job/query', { job_id: jobId }), `job query at ${partyId}`)
    .data as JobRow[];
  return [...rows].sort((a, b) => a.f_role.localeCompare(b.f_role));
}

/** The initiator's job record. */
export async function initiatorJob(federation: TestFederation, jobId: string): Promise<JobRow> {
  const row = (await jobRows(federation, GUEST, jobId)).find((r) => r.f_is_initiator);
  if (row === undefined) throw new Error(`job ${jobId} has no initiator record at ${GUEST}`);
  return row;
}

/** `<role> <party> <status>` of the job at every party, as each party's own site stores it. */
export async function jobStatuses(federation: TestFederation, jobId: string): Promise<string[]> {
  const rows = (await Promise.all(PARTIES.map((party) => jobRows(federation, party, jobId)))).flat();
  return rows.map((r) => `${r.f_role} ${r.f_party_id} ${r.f_status}`).sort();
}

/** Every task row a site holds for the job (the guest's include its holders of the other parties' tasks). */
export async function taskRows(federation: TestFederation, partyId: number, jobId: string): Promise<TaskRow[]> {
  return ok(await federation.post(partyId, '/v1/job/task/query', { job_id: jobId }), `task query at ${partyId}`)
    .data as TaskRow[];
}

/** Each party's own tasks, as the party itself stores them (not the initiator's holders). */
export async function partyTasks(federation: TestFederation, jobId: string): Promise<TaskRow[]> {
  const rows = (await Promise.all(PARTIES.map((party) => taskRows(federation, party, jobId)))).flat();
  return rows.filter((r) => r.f_run_on_this_party);
}

/** `<component> v<version> <role> <party> <status>` per task row, sorted. */
export function describeTasks(rows: readonly TaskRow[], status: 'party' | 'combined' = 'party'): string[] {
  return rows
    .map(
      (r) =>
        `${r.f_component_name} v${r.f_task_version} ${r.f_role} ${r.f_party_id} ${status === 'party' ? r.f_party_status : r.f_status}`,
    )
    .sort();
}

/** Each party's own tasks, described. */
export async function partyTaskStatuses(federation: TestFederation, jobId: string): Promise<string[]> {
  return describeTasks(await partyTasks(federation, jobId));
}

/** What a test failure message says about a job: every party's job and task statuses. */
async function jobPicture(federation: TestFederation, jobId: string): Promise<string> {
  const parts: string[] = [];
  for (const party of PARTIES) {
    try {
      const jobs = await jobRows(federation, party, jobId);
      const tasks = await taskRows(federation, party, jobId);
      parts.push(
        `party ${party}: ${jobs.map((j) => `${j.f_role} ${j.f_status}`).join(', ')}\n  ${describeTasks(tasks).join('\n  ')}`,
      );
    } catch (error) {
      parts.push(`party ${party}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return parts.join('\n');
}

/** Polls `probe` until it returns a value other than undefined; throws `describe()` at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => Promise<string> | string,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${await describe()}`);
    await sleep(everyMs);
  }
}

/** Waits until the initiator's record of the job is in a final status; returns that status and when it was seen. */
export async function waitForJobEnd(
  federation: TestFederation,
  jobId: string,
  timeoutMs: number,
): Promise<{ readonly status: FinalStatus; readonly at: number }> {
  return waitFor(
    async () => {
      const { f_status: status } = await initiatorJob(federation, jobId);
      return isFinal(status) ? { status, at: Date.now() } : undefined;
    },
    timeoutMs,
    async () => `job ${jobId} did not end at the initiator\n${await jobPicture(federation, jobId)}`,
  );
}

/** Waits until the job's record at every party (each role) is in a final status; the `<role> <party> <status>` lines. */
export async function waitForJobEndEverywhere(
  federation: TestFederation,
  jobId: string,
  timeoutMs: number,
): Promise<string[]> {
  return waitFor(
    async () => {
      const statuses = await jobStatuses(federation, jobId);
      return statuses.every((line) => isFinal(line.split(' ')[2] ?? '')) ? statuses : undefined;
    },
    timeoutMs,
    async () => `job ${jobId} did not end at every party\n${await jobPicture(federation, jobId)}`,
  );
}

/** Waits until a task is in `status` at a party (as that party stores it); its row. */
export async function waitForTask(
  federation: TestFederation,
  jobId: string,
  at: { readonly component: string; readonly role: string; readonly partyId: number; readonly version?: number },
  status: string,
  timeoutMs: number,
): Promise<TaskRow> {
  return waitFor(
    async () =>
      (await taskRows(federation, at.partyId, jobId)).find(
        (t) =>
          t.f_run_on_this_party &&
          t.f_component_name === at.component &&
          t.f_role === at.role &&
          t.f_task_version === (at.version ?? 0) &&
          t.f_party_status === status,
      ),
    timeoutMs,
    async () =>
      `${at.component} v${at.version ?? 0} at ${at.role} ${at.partyId} never ${status}\n${await jobPicture(federation, jobId)}`,
  );
}

/** The default pool of a site, from FATE's `/v1/resource/query`. */
export async function pool(federation: TestFederation, partyId: number): Promise<PoolView> {
  const data = ok(await federation.post(partyId, '/v1/resource/query', {}), `resource query at ${partyId}`).data as {
    computing_engine_resource: { f_cores: number; f_remaining_cores: number };
    use_resource_job: Array<{ job_id: string }>;
  };
  return {
    partyId,
    cores: data.computing_engine_resource.f_cores,
    remainingCores: data.computing_engine_resource.f_remaining_cores,
    grants: data.use_resource_job.map((g) => g.job_id).sort(),
  };
}

/** Every site's pool. */
export function pools(federation: TestFederation): Promise<PoolView[]> {
  return Promise.all(PARTIES.map((party) => pool(federation, party)));
}

/** Waits until every site's pool has all its cores back and holds no grant; the pools. */
export async function waitForResourcesReturned(federation: TestFederation, timeoutMs: number): Promise<PoolView[]> {
  let last: PoolView[] = [];
  return waitFor(
    async () => {
      last = await pools(federation);
      return last.every((p) => p.remainingCores === p.cores && p.grants.length === 0) ? last : undefined;
    },
    timeoutMs,
    () => `resources not returned: ${JSON.stringify(last)}`,
  );
}

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
    .filter((m) => Number(m[2]) === process.pid && /runner[/\\]entry\.ts/.test(m[3] ?? ''))
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
  return waitFor(
    async () => {
      const found = (await runnerProcesses(jobId)).filter((r) => r.component === component);
      return found.length === count ? found : undefined;
    },
    timeoutMs,
    async () => `${component} runners: ${JSON.stringify(await runnerProcesses(jobId))}`,
  );
}

/**
 * Waits until the initiator has heard every party's last word: each party's own task rows and the
 * initiator's holders of them have the same party status. (A party's job record changes before
 * its task reports reach the initiator.)
 */
export async function waitForReports(federation: TestFederation, jobId: string, timeoutMs: number): Promise<void> {
  const key = (t: TaskRow) => `${t.f_component_name} v${t.f_task_version} ${t.f_role} ${t.f_party_id}`;
  let behind: string[] = [];
  await waitFor(
    async () => {
      const holders = new Map((await taskRows(federation, GUEST, jobId)).map((t) => [key(t), t.f_party_status]));
      behind = (await partyTasks(federation, jobId))
        .filter((t) => holders.get(key(t)) !== t.f_party_status)
        .map((t) => `${key(t)}: ${t.f_party_status} at the party, ${holders.get(key(t))} at the initiator`);
      return behind.length === 0 ? true : undefined;
    },
    timeoutMs,
    () => `reports not in at the initiator: ${behind.join('; ')}`,
  );
}
