import type { Envelope } from '../../../client/flow-client.js';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';
import { waitFor } from './wait.js';

export * from './runner-processes.js';
export * from './wait.js';

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

/** The two-site federation with schedulers, detectors, FATE's and the test components (tasks are child processes). */
export function startSchedulingFederation(
  options: { readonly sites?: unknown[]; readonly persistent?: boolean } = {},
): Promise<TestFederation> {
  return startTestFederation({ ...options, scheduling: true, testComponents: true });
}

import type { jobDocuments } from '../../support/job-documents.js';

export { component, type JobSpec, jobDocuments as jobOf } from '../../support/job-documents.js';

function ok(envelope: Envelope, what: string): Envelope {
  if (envelope.retcode !== 0) throw new Error(`${what}: retcode ${envelope.retcode}: ${envelope.retmsg}`);
  return envelope;
}

/** Submits at the guest; the job id. */
export async function submit(federation: TestFederation, job: ReturnType<typeof jobDocuments>): Promise<string> {
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
