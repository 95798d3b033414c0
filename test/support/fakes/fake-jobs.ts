import type { TaskRecord } from '../../../functions/domain/records/task-record.js';
import { submitJob } from '../../../functions/services/jobs/submit-job.js';
import { scheduleWaitingJobs } from '../../../functions/services/scheduling/schedule-waiting-jobs.js';
import { type JobSpec, jobDocuments } from '../job-documents.js';
import type { FakeFederation } from './fake-federation.js';
import type { FakeSite } from './fake-site.js';

export { component, type JobSpec } from '../job-documents.js';

/** A DSL v2 / conf v2 pair initiated by the guest, as `flow job submit` sends it. */
export function jobOf(spec: JobSpec): { readonly job_dsl: unknown; readonly job_runtime_conf: unknown } {
  const { dsl, conf } = jobDocuments(spec);
  return { job_dsl: dsl, job_runtime_conf: conf };
}

/** Submits at the guest; the job id. */
export async function submit(federation: FakeFederation, job: ReturnType<typeof jobOf>): Promise<string> {
  const { job_id: jobId } = await submitJob(federation.guest.services, job);
  await federation.settle();
  return jobId;
}

/** `<role> <party> <status>` of the job at every party, as each party's own site stores it. */
export async function jobStatuses(federation: FakeFederation, jobId: string): Promise<string[]> {
  const records = (await Promise.all(federation.sites.map((site) => site.jobs.getJobRecords(jobId)))).flat();
  return records.map((r) => `${r.role} ${r.partyId} ${r.status}`).sort();
}

/** `<role> <party> <tag>` of the job at every party. */
export async function jobTags(federation: FakeFederation, jobId: string): Promise<string[]> {
  const records = (await Promise.all(federation.sites.map((site) => site.jobs.getJobRecords(jobId)))).flat();
  return records.map((r) => `${r.role} ${r.partyId} ${r.tag}`).sort();
}

/** `<component> v<version> <role> <party> <status>` per task, sorted. */
export function describeTasks(tasks: readonly TaskRecord[], status: 'party' | 'combined' = 'party'): string[] {
  return tasks
    .map(
      (t) => `${t.component} v${t.taskVersion} ${t.role} ${t.partyId} ${status === 'party' ? t.partyStatus : t.status}`,
    )
    .sort();
}

/** Each party's own tasks (not the initiator's holders), as the party stores them. */
export async function partyTasks(federation: FakeFederation, jobId: string): Promise<TaskRecord[]> {
  const tasks = (await Promise.all(federation.sites.map((site) => site.jobs.listTasks(jobId)))).flat();
  return tasks.filter((t) => t.isLocal);
}

export async function partyTaskStatuses(federation: FakeFederation, jobId: string): Promise<string[]> {
  return describeTasks(await partyTasks(federation, jobId));
}

/** `<party>: <remaining>/<cores> [grants]` of every site's pool. */
export async function poolViews(federation: FakeFederation): Promise<string[]> {
  const views: string[] = [];
  for (const site of federation.sites) {
    const pool = await site.resources.getPool(site.services.site.pool.name);
    views.push(
      `${site.partyId}: ${pool?.remainingCores}/${pool?.cores} [${pool?.grants.map((g) => g.jobId).join(', ')}]`,
    );
  }
  return views;
}

/** Submits at the guest and runs one scheduling pass there: the job's workflow has started. */
export async function submitAndStart(federation: FakeFederation, job: ReturnType<typeof jobOf>): Promise<string> {
  const jobId = await submit(federation, job);
  const pass = await scheduleWaitingJobs(federation.guest.services);
  if (!pass.started.includes(jobId)) throw new Error(`job ${jobId} did not start: ${JSON.stringify(pass)}`);
  await federation.settle();
  return jobId;
}

/** `<component> <role>` of every worker running at the site, sorted. */
export function runningAt(site: FakeSite): string[] {
  return site.launcher
    .runningWorkers()
    .map((launch) => `${launch.task.component} v${launch.task.taskVersion} ${launch.task.role}`)
    .sort();
}

/** Every running worker at every site succeeds, then the federation settles. */
export async function succeedRunning(federation: FakeFederation): Promise<void> {
  for (const site of federation.sites) await site.launcher.succeedAll();
  await federation.settle();
}
