import { NotFoundError } from '../../domain/errors.js';
import type { TaskStatusPatch } from '../../domain/ports/job-store.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { type TaskKey, type TaskRecord, taskKeyOf, withPartyStatus } from '../../domain/records/task-record.js';
import { isEndStatus, type TaskStatus } from '../../domain/status/statuses.js';
import { taskParallelismOf } from '../jobs/party-job-parameters.js';
import type { SiteServices } from '../site-services.js';
import { nextVersionOf } from './next-version.js';
import { type ReportTaskDeps, reportReadTask, reportTask } from './report-task.js';
import { workerIdOf } from './worker-id.js';

export type ReceiveTaskStartDeps = Pick<SiteServices, 'background' | 'clock' | 'jobs' | 'launcher' | 'site'> &
  ReportTaskDeps;

/**
 * FATE's task `start` at a party: a task that need not run here passes; otherwise it moves to
 * running (a conditional write: two starts launch once) and is launched. A retry's version is
 * created here from the previous one. The answer comes at once; the outcome reaches the
 * initiator as reports.
 */
export async function receiveTaskStart(
  services: ReceiveTaskStartDeps,
  message: FederatedMessage<'task.start'>,
): Promise<PeerReply> {
  const { component, taskVersion } = message.body;
  const key: TaskKey = {
    jobId: message.jobId,
    component,
    taskVersion,
    role: message.dest.role,
    partyId: services.site.partyId,
  };
  // Both reads at once: a task start is on the critical path between two stages.
  const [job, stored] = await Promise.all([services.jobs.getJob(key), services.jobs.getTask(key)]);
  if (job === undefined) throw new NotFoundError(`job ${key.jobId} has no ${key.role} record at party ${key.partyId}`);
  if (isEndStatus(job.status)) {
    return { retcode: 10, retmsg: `job ${key.jobId} is ${job.status} at ${key.role} ${key.partyId}; no task starts` };
  }
  const task = stored ?? (await createRetryVersion(services, key));
  const started = task.partyStatus === 'waiting' ? await startTask(services, job, task) : undefined;
  // The status this start wrote is reported as written, with the job just read: two reads fewer
  // beside every stage's start. A start that wrote nothing (a repeated start) reports what is stored.
  services.background.track(started === undefined ? reportTask(services, key) : reportReadTask(services, started, job));
  return { retcode: 0, retmsg: 'success' };
}

/** Moves a waiting task to pass or running (and launches it); the task as written, or undefined if another start did. */
async function startTask(
  services: Pick<SiteServices, 'clock' | 'jobs' | 'launcher'>,
  job: JobRecord,
  task: TaskRecord,
): Promise<TaskRecord | undefined> {
  /** `to` with `patch` on `from`: the task as written, or undefined when the store kept another status. */
  const write = async (from: TaskRecord, to: TaskStatus, patch: TaskStatusPatch, expected?: TaskStatus) => {
    const written = await services.jobs.updateTaskPartyStatus(from, to, patch, expected);
    return written.outcome === 'updated' ? withPartyStatus(from, to, patch) : undefined;
  };
  const now = services.clock();
  if (!task.needRun) return write(task, 'pass', { startTime: now, endTime: now, elapsed: 0 }, task.partyStatus);
  const workerId = workerIdOf(task);
  // From the status just read: no second read before the claim (a task start is on the stage's path).
  const running = await write(task, 'running', { startTime: now, workerId }, task.partyStatus);
  if (running === undefined) return undefined;
  try {
    await services.launcher.launch({ ...taskKeyOf(task), cores: coresPerTask(job) }, workerId);
    return running;
  } catch (error) {
    const end = services.clock();
    return write(running, 'failed', {
      endTime: end,
      elapsed: end - now,
      errorReport: `task launch failed: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

/** The task's share of the job's cores: FATE's cores per task (the job holds them × parallelism). */
function coresPerTask(job: JobRecord): number {
  return Math.max(1, Math.floor(job.cores / taskParallelismOf(job)));
}

/** A retry (FATE's auto-rerun) runs a new version of the task, made from the latest one. */
async function createRetryVersion(services: Pick<SiteServices, 'clock' | 'jobs'>, key: TaskKey): Promise<TaskRecord> {
  const versions = await services.jobs.listTasks(key.jobId, {
    component: key.component,
    role: key.role,
    partyId: key.partyId,
  });
  const previous = versions
    .filter((t) => t.taskVersion < key.taskVersion)
    .sort((a, b) => b.taskVersion - a.taskVersion)[0];
  if (previous === undefined) {
    throw new NotFoundError(
      `task ${key.component} of job ${key.jobId} has no ${key.role} record at party ${key.partyId}`,
    );
  }
  const task = nextVersionOf(previous, key.taskVersion, services.clock());
  await services.jobs.createTasks([task]);
  return (await services.jobs.getTask(key)) ?? task;
}
