import { isEndStatus } from '../../domain/status/statuses.js';
import { partyJobParameter } from '../jobs/party-job-parameters.js';
import { stopJob } from '../jobs/stop-job.js';
import { callJobParties } from '../scheduling/call-job-parties.js';
import { grantIdOf } from '../scheduling/receive-resources.js';
import type { SiteServices } from '../site-services.js';
import { reportTask } from '../tasks/report-task.js';
import { taskExited } from '../tasks/task-exited.js';

/**
 * A task is marked running just before its launch, so a worker can be legitimately missing for a
 * moment (a process being spawned, an ECS task being placed): only older tasks are judged.
 */
export const DEAD_TASK_GRACE_MS = 15_000;

export interface DetectorPass {
  readonly deadTasks: number;
  readonly timedOutJobs: number;
  readonly reportsResent: number;
  readonly resourcesReturned: number;
}

/**
 * FATE's Detector, as one sweep (EventBridge every minute in AWS; a timer locally). Events do the
 * work; this recovers what an event missed:
 * - a running task whose worker is gone (process killed, ECS task lost) fails with that reason;
 * - a job past its timeout — counted from submit, as FATE counts it — is stopped as `timeout`;
 * - a task report the initiator never acknowledged is sent again;
 * - resources held for a job that has ended are returned.
 */
export async function detect(services: SiteServices): Promise<DetectorPass> {
  const now = services.clock();
  const jobs = [
    ...(await services.jobs.queryJobs({ status: 'running' })),
    ...(await services.jobs.queryJobs({ status: 'waiting' })),
  ];
  let deadTasks = 0;
  let reportsResent = 0;
  let timedOutJobs = 0;
  for (const job of jobs.filter((j) => j.partyId === services.site.partyId)) {
    const tasks = await services.jobs.listTasks(job.jobId, { role: job.role, partyId: job.partyId });
    for (const task of tasks.filter((t) => t.isLocal)) {
      const settled = task.startTime !== undefined && now - task.startTime > DEAD_TASK_GRACE_MS;
      if (
        task.partyStatus === 'running' &&
        task.workerId !== undefined &&
        settled &&
        !(await services.launcher.isRunning(task.workerId))
      ) {
        deadTasks += 1;
        await taskExited(services, { workerId: task.workerId, exitCode: null, reason: 'its worker is gone' });
      } else if (task.partyStatus !== 'waiting' && task.reportedStatus !== task.partyStatus) {
        if (await reportTask(services, task)) reportsResent += 1;
      }
    }
    if (job.isInitiator && now - job.createTime > partyJobParameter(job, 'timeout') * 1000) {
      timedOutJobs += 1;
      await stopJob(services, job.jobId, 'timeout');
    }
  }
  await resyncEndedJobs(services, now);
  return { deadTasks, timedOutJobs, reportsResent, resourcesReturned: await returnLeakedResources(services) };
}

/** How long after its end an initiator keeps telling parties a job's end (FATE: 5 min, once). */
export const END_SYNC_WINDOW_MS = 10 * 60_000;
/** Jobs whose end every party has acknowledged, per site (a fresh container just sends once more). */
const endSynced = new WeakMap<SiteServices, Set<string>>();

/**
 * A party that was unreachable when a job ended still shows it running: for a while after a job
 * ends, the initiator sends its end status and the resource return again, until every party
 * has answered (both commands are idempotent).
 */
async function resyncEndedJobs(services: SiteServices, now: number): Promise<void> {
  const synced = endSynced.get(services) ?? new Set<string>();
  endSynced.set(services, synced);
  for (const status of ['success', 'failed', 'canceled', 'timeout'] as const) {
    for (const job of await services.jobs.queryJobs({ status, partyId: services.site.partyId })) {
      if (!job.isInitiator || synced.has(job.jobId) || now - (job.endTime ?? now) > END_SYNC_WINDOW_MS) continue;
      // A failed, canceled or timed-out job is re-sent as a stop, which also kills tasks left running.
      const told =
        status === 'success'
          ? await callJobParties(services, job, 'job.status', { status })
          : await callJobParties(services, job, 'job.stop', { status });
      const returned = await callJobParties(services, job, 'job.resource.return', {});
      if ([...told.replies, ...returned.replies].every((r) => r.reply.retcode === 0)) synced.add(job.jobId);
    }
  }
}

/** Grants in the pool whose job record here has ended (or is gone) go back. */
async function returnLeakedResources(services: SiteServices): Promise<number> {
  const pool = await services.resources.getPool(services.site.pool.name);
  let returned = 0;
  for (const grant of pool?.grants ?? []) {
    const [jobId, role] = grant.jobId.split('#');
    if (jobId === undefined || role === undefined) continue;
    const job = (await services.jobs.getJobRecords(jobId)).find((r) => r.role === role);
    if (job !== undefined && !isEndStatus(job.status)) continue;
    if ((await services.resources.return(services.site.pool.name, job ? grantIdOf(job) : grant.jobId)) === 'returned') {
      returned += 1;
      if (job?.resourceInUse) await services.jobs.updateJobFields(job, { resourceInUse: false });
      await services.events.publish([{ type: 'ResourcesReturned', jobId }]);
    }
  }
  return returned;
}
