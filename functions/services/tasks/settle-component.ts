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

/**
 * At the initiator, after a party's report: FATE's multi-party rule gives the component's status
 * from every party's; once it is final the workflow step waiting for the component is settled —
 * success; or an interruption (a party's site shut down while the task ran), which runs a new
 * task version at every party without spending a retry; or a failure the job's auto_retries turn
 * into a new task version (the step keeps waiting); or a failure that fails the step, and so the
 * job, at once.
 */
export async function settleComponent(
  services: SettleComponentDeps,
  jobId: string,
  component: string,
  version: number,
  reported?: TaskStatus,
): Promise<void> {
  // Everything this needs is read at once: it is on every stage's critical path. The component
  // run (its task token) only matters once the component ends, which a party's final report
  // announces; a report that is not final settles nothing, short of a late one (read then).
  const [all, records, runOnReport] = await Promise.all([
    services.jobs.listTasks(jobId),
    services.jobs.getJobRecords(jobId),
    reported !== undefined && isEndStatus(reported)
      ? services.jobs.getComponentRun(jobId, component)
      : Promise.resolve(undefined),
  ]);
  const holders = all.filter((t) => t.component === component && t.taskVersion === version);
  if (holders.length === 0) return;
  const job = records.find((r) => r.isInitiator);
  const combined = combinePartyTaskStatuses(holders.map((t) => t.partyStatus));
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
