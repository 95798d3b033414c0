import type { JobRecord } from '../../domain/records/job-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import type { SiteServices } from '../site-services.js';
import { type ReportTaskDeps, reportTask } from '../tasks/report-task.js';
import { type TaskExitedDeps, taskExited } from '../tasks/task-exited.js';
import type { DetectorOptions } from './detector-options.js';

export interface TaskLiveness {
  /** Running tasks whose worker was gone: failed with that reason. */
  readonly deadTasks: number;
  /** Running tasks whose worker lives but stopped beating: failed, and the worker stopped. */
  readonly hungTasks: number;
  /** Party statuses the initiator had not acknowledged: sent again. */
  readonly reportsResent: number;
}

export type CheckTasksDeps = Pick<SiteServices, 'jobs' | 'launcher'> & ReportTaskDeps & TaskExitedDeps;

/**
 * The detector's look at this party's tasks of one job: a running task whose worker is gone (a
 * killed process, a lost ECS task) or whose heartbeat is stale (a hung component) fails; a status
 * the initiator never acknowledged is reported again.
 */
export async function checkTasks(
  services: CheckTasksDeps,
  job: JobRecord,
  now: number,
  options: DetectorOptions,
): Promise<TaskLiveness> {
  let deadTasks = 0;
  let hungTasks = 0;
  let reportsResent = 0;
  const tasks = await services.jobs.listTasks(job.jobId, { role: job.role, partyId: job.partyId });
  for (const task of tasks.filter((t) => t.isLocal)) {
    const { workerId } = task;
    const settled = task.startTime !== undefined && now - task.startTime > options.deadTaskGraceMs;
    if (task.partyStatus === 'running' && workerId !== undefined && settled) {
      if (!(await services.launcher.isRunning(workerId))) {
        deadTasks += 1;
        await taskExited(services, { workerId, exitCode: null, reason: 'its worker is gone' });
        continue;
      }
      const silence = heartbeatSilence(task, now, options);
      if (silence !== undefined) {
        hungTasks += 1;
        await failHungTask(services, task, workerId, silence);
        continue;
      }
    }
    if (task.partyStatus !== 'waiting' && task.reportedStatus !== task.partyStatus) {
      if (await reportTask(services, task)) reportsResent += 1;
    }
  }
  return { deadTasks, hungTasks, reportsResent };
}

/** How long the task has been silent, when that is past its limit; undefined while it is alive. */
function heartbeatSilence(task: TaskRecord, now: number, options: DetectorOptions): number | undefined {
  const last = task.heartbeatTime ?? task.startTime;
  if (last === undefined) return undefined;
  const limit = task.heartbeatTime === undefined ? options.firstHeartbeatTimeoutMs : options.heartbeatTimeoutMs;
  return now - last > limit ? now - last : undefined;
}

/**
 * The task fails first, then its worker is stopped: a status recorded before the kill cannot be
 * lost, and the worker's exit afterwards finds the task ended and changes nothing.
 */
async function failHungTask(
  services: Pick<SiteServices, 'launcher'> & TaskExitedDeps,
  task: TaskRecord,
  workerId: string,
  silence: number,
) {
  const seconds = Math.round(silence / 1000);
  const reason =
    task.heartbeatTime === undefined ? `no heartbeat ${seconds} s after its launch` : `no heartbeat for ${seconds} s`;
  await taskExited(services, { workerId, exitCode: null, reason });
  await services.launcher.stop(workerId, reason);
}
