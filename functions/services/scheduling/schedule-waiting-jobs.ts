import type { JobRecord } from '../../domain/records/job-record.js';
import { FederatedSchedulingStatusCode } from '../../domain/status/statuses.js';
import { callJobParties } from '../federation/fan-out.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from '../jobs/set-local-job-status.js';
import type { SiteServices } from '../site-services.js';

/** How many waiting jobs one pass looks at (the rest wait for the next pass). */
const JOBS_PER_PASS = 50;

export interface SchedulingPass {
  readonly started: readonly string[];
  readonly stillWaiting: readonly string[];
}

export type ScheduleWaitingJobsDeps = Pick<SiteServices, 'clock' | 'jobs' | 'orchestrator' | 'peers'> &
  SetLocalJobStatusDeps;

/**
 * One pass of the scheduler at the initiator: every waiting job it initiated, highest priority
 * then oldest first, tries to get resources at every party at once. All granted → the job starts
 * at every party and its workflow starts. Any refused → what was granted goes back and the job
 * stays waiting — and the pass goes on to the next job, so one job that cannot get resources never
 * blocks the others (FATE handles only the first waiting job per tick).
 */
export async function scheduleWaitingJobs(services: ScheduleWaitingJobsDeps): Promise<SchedulingPass> {
  const started: string[] = [];
  const stillWaiting: string[] = [];
  for (const job of await services.jobs.waitingInitiatorJobs(JOBS_PER_PASS)) {
    if (job.cancelSignal) continue;
    if (await tryToStart(services, job)) started.push(job.jobId);
    else stillWaiting.push(job.jobId);
  }
  return { started, stillWaiting };
}

async function tryToStart(
  services: Pick<SiteServices, 'clock' | 'jobs' | 'orchestrator' | 'peers'> & SetLocalJobStatusDeps,
  job: JobRecord,
): Promise<boolean> {
  const applied = await callJobParties(services.peers, job, 'job.resource.apply', {});
  if (applied.status !== FederatedSchedulingStatusCode.SUCCESS) {
    const granted = applied.replies.filter((r) => r.reply.retcode === 0).map((r) => r.party);
    if (granted.length > 0) await callJobParties(services.peers, job, 'job.resource.return', {}, granted);
    return false;
  }
  // The run is counted before the job starts anywhere: a site that dies before the workflow starts
  // finds, at its restart, a running job whose execution for this run is missing, and starts it.
  const run = job.runCount + 1;
  await services.jobs.updateJobFields(job, { runCount: run });
  const startTime = services.clock();
  const startedEverywhere = await callJobParties(services.peers, job, 'job.start', { startTime });
  if (startedEverywhere.status !== FederatedSchedulingStatusCode.SUCCESS) {
    // A party that cannot start fails the job everywhere, as FATE's start failure does.
    await setLocalJobStatus(services, job.jobId, 'failed', { tag: 'start_failed' });
    await callJobParties(services.peers, job, 'job.stop', { status: 'failed' });
    await callJobParties(services.peers, job, 'job.resource.return', {});
    return false;
  }
  await services.orchestrator.startExecution(job.jobId, run);
  return true;
}
