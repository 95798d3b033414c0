import type { ComponentRun } from '../../domain/ports/job-store.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import { combinePartyTaskStatuses, jobProgress } from '../../domain/status/multi-party.js';
import type { TaskStatus } from '../../domain/status/statuses.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import { STEP_ERRORS } from '../../steps/step-contract.js';
import { callJobParties } from '../federation/fan-out.js';
import { partyJobParameter } from '../jobs/party-job-parameters.js';
import type { SiteServices } from '../site-services.js';
import { retriesSpent, wasInterrupted } from './interruption.js';
import { nextVersionOf } from './next-version.js';

/** `job_parameters.common.auto_retries` of the initiator's view of the job. */
export function autoRetriesOf(job: JobRecord): number {
  return partyJobParameter(job, 'auto_retries');
}

const latestVersions = (tasks: readonly TaskRecord[]): TaskRecord[] => {
  const latest = new Map<string, number>();
  for (const t of tasks) latest.set(t.component, Math.max(latest.get(t.component) ?? 0, t.taskVersion));
  return tasks.filter((t) => t.taskVersion === latest.get(t.component));
};

export type SettleComponentDeps = Pick<SiteServices, 'clock' | 'jobs' | 'orchestrator' | 'peers'>;

/** What a settle decides from: the job's tasks and records, and the component's run on a final report. */
export interface SettleReads {
  readonly all: readonly TaskRecord[];
  readonly records: readonly JobRecord[];
  readonly runOnReport: ComponentRun | undefined;
}

/**
 * Everything a settle needs, read at once: it is on every stage's critical path. The component
 * run (its task token) only matters once the component ends, which a party's final report
 * announces; a report that is not final settles nothing, short of a late one (read then).
 */
export async function readForSettle(
  services: Pick<SiteServices, 'jobs'>,
  jobId: string,
  component: string,
  reported?: TaskStatus,
): Promise<SettleReads> {
  const [all, records, runOnReport] = await Promise.all([
    services.jobs.listTasks(jobId),
    services.jobs.getJobRecords(jobId),
    reported !== undefined && isEndStatus(reported)
      ? services.jobs.getComponentRun(jobId, component)
      : Promise.resolve(undefined),
  ]);
  return { all, records, runOnReport };
}

/**
 * At the initiator, after a party's report: FATE's multi-party rule gives the component's status
 * from every party's; once it is final the workflow step waiting for the component is settled —
 * success; or an interruption (a party's site shut down while the task ran), which runs a new
 * task version at every party without spending a retry; or a failure the job's auto_retries turn
 * into a new task version (the step keeps waiting); or a failure that fails the step, and so the
 * job, at once.
 *
 * `early`: reads made beside the report's own holder write (and brought up to it by the caller),
 * so possibly before another party's holder was written. They are taken only when they give the
 * component a final status, which no later write changes (a final status is final); otherwise the
 * settle reads again, after the write, as it would without them: of two last reports made at once,
 * each writing its holder and then reading, one always sees the other's write.
 */
export async function settleComponent(
  services: SettleComponentDeps,
  jobId: string,
  component: string,
  version: number,
  reported?: TaskStatus,
  early?: SettleReads,
): Promise<void> {
  const { all, records, runOnReport } = early ?? (await readForSettle(services, jobId, component, reported));
  const holders = all.filter((t) => t.component === component && t.taskVersion === version);
  const combined = holders.length === 0 ? undefined : combinePartyTaskStatuses(holders.map((t) => t.partyStatus));
  if (early !== undefined && (combined === undefined || !isEndStatus(combined))) {
    await settleComponent(services, jobId, component, version, reported);
    return;
  }
  if (combined === undefined) return;
  const job = records.find((r) => r.isInitiator);
  const progress = jobProgress(
    latestVersions(all).map((t) => (t.component === component && t.taskVersion === version ? combined : t.status)),
  );
  // Progress only rises (the store's write is conditional on it), so a job read at this progress
  // or beyond needs no write: the other party's report of an ended component, a running report.
  // Not writing it saves the store the failed condition and the read that follows it.
  await Promise.all([
    ...holders.filter((t) => t.status !== combined).map((t) => services.jobs.updateTaskStatus(t, combined, t.status)),
    ...(job === undefined || job.progress >= progress ? [] : [services.jobs.updateJobFields(job, { progress })]),
  ]);
  if (job === undefined || !isEndStatus(combined)) return;

  const run =
    reported !== undefined && isEndStatus(reported)
      ? runOnReport
      : await services.jobs.getComponentRun(jobId, component);
  if (run === undefined || run.taskVersion !== version) return;
  if (combined === 'success' || combined === 'pass') {
    await services.orchestrator.succeed(run.taskToken, { component, status: 'success', taskVersion: version });
    return;
  }
  const failures = holders
    .filter((t) => t.partyStatus === combined)
    .map((t) => `${t.role} ${t.partyId}: ${t.errorReport ?? t.partyStatus}`)
    .join('; ');
  if (job.cancelSignal || isEndStatus(job.status)) {
    await services.orchestrator.fail(run.taskToken, STEP_ERRORS.jobStopped, `job ${jobId} is ${job.status}`);
    return;
  }
  if (wasInterrupted(holders)) {
    await runNextVersion(services, job, holders, 'canceled');
    return;
  }
  if (retriesSpent(all, component, version) < autoRetriesOf(job)) {
    await runNextVersion(services, job, holders, 'failed');
    return;
  }
  await services.orchestrator.fail(
    run.taskToken,
    STEP_ERRORS.componentFailed,
    `${component} ${combined} (task version ${version}): ${failures}`,
  );
}

/**
 * The component again, in the next task version at every party. Its holders are written first and
 * the run moved on only from this version (two reports settling it at once start one retry); then,
 * as FATE does, the ended version is stopped at every party before the new one starts.
 */
async function runNextVersion(
  services: Pick<SiteServices, 'clock' | 'jobs' | 'peers'>,
  job: JobRecord,
  holders: readonly TaskRecord[],
  stopStatus: 'failed' | 'canceled',
): Promise<void> {
  const [first] = holders;
  if (first === undefined) return;
  const { jobId, component, taskVersion: version } = first;
  const next = version + 1;
  await services.jobs.createTasks(holders.map((t) => nextVersionOf(t, next, services.clock())));
  const moved = await services.jobs.advanceComponentRun(
    { jobId, component, from: version, to: next },
    services.clock(),
  );
  if (!moved) return;
  await callJobParties(services.peers, job, 'task.stop', { component, taskVersion: version, status: stopStatus });
  await callJobParties(services.peers, job, 'task.start', { component, taskVersion: next });
}
