import { isEndStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';
import { interruptionReport } from '../tasks/interruption.js';
import { type ReportTaskDeps, reportTask } from '../tasks/report-task.js';
import { type TaskExitedDeps, taskExited } from '../tasks/task-exited.js';

export interface RestartRecovery {
  /** Running tasks a shutdown stopped: canceled as interrupted, to run again without spending a retry. */
  readonly interruptedTasks: number;
  /** Running tasks whose worker died with the site (a crash): failed, as FATE's detector fails them. */
  readonly deadTasks: number;
  /** Party statuses the initiator had not acknowledged: sent now. */
  readonly reportsSent: number;
}

export type RecoverAfterRestartDeps = Pick<SiteServices, 'clock' | 'jobs' | 'launcher' | 'site'> &
  ReportTaskDeps &
  TaskExitedDeps;

/**
 * A restarted site's first look at its tasks, before its scheduler, detector or workflows run:
 * every task it left running has lost its worker (the site's launcher starts empty). The detector
 * would find them too, but only past its grace period and without knowing why; here, at once:
 * - a worker the last shutdown stopped (`interruptedWorkers`): the task ends `canceled` with an
 *   interruption report, and the initiator runs the component again without spending a retry;
 * - any other worker died with the site (kill -9, a power cut): the task fails with FATE's
 *   "task executor process abort", which the job's auto_retries may retry, as FATE would;
 * then every status the initiator has not acknowledged is reported.
 */
export async function recoverAfterRestart(
  services: RecoverAfterRestartDeps,
  interruptedWorkers: ReadonlySet<string>,
): Promise<RestartRecovery> {
  const partyId = services.site.partyId;
  const jobs = (await services.jobs.watchedJobs()).filter((job) => job.partyId === partyId && !isEndStatus(job.status));
  let interruptedTasks = 0;
  let deadTasks = 0;
  let reportsSent = 0;
  for (const job of jobs) {
    const tasks = await services.jobs.listTasks(job.jobId, { role: job.role, partyId });
    for (const task of tasks.filter((t) => t.isLocal)) {
      const { workerId } = task;
      let current = task;
      if (task.partyStatus === 'running' && workerId !== undefined && !(await services.launcher.isRunning(workerId))) {
        if (!interruptedWorkers.has(workerId)) {
          deadTasks += 1;
          // taskExited reports the failure itself.
          const reason = `its worker is gone (party ${partyId} restarted)`;
          await taskExited(services, { workerId, exitCode: null, reason });
          continue;
        }
        const end = services.clock();
        const written = await services.jobs.updateTaskPartyStatus(task, 'canceled', {
          endTime: end,
          elapsed: end - (task.startTime ?? end),
          errorReport: interruptionReport(partyId),
        });
        if (written.outcome === 'updated') interruptedTasks += 1;
        current = (await services.jobs.getTask(task)) ?? task;
      }
      if (current.partyStatus === 'waiting' || current.reportedStatus === current.partyStatus) continue;
      if (await reportTask(services, current)) reportsSent += 1;
    }
  }
  return { interruptedTasks, deadTasks, reportsSent };
}
