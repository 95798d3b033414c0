import type { TaskExit } from '../../domain/ports/task-launcher.js';
import type { SiteServices } from '../site-services.js';
import { type ReportTaskDeps, reportTask } from './report-task.js';
import { taskKeyOfWorker } from './worker-id.js';

export type TaskExitedDeps = Pick<SiteServices, 'clock' | 'jobs' | 'site'> & ReportTaskDeps;

/**
 * A task's worker ended (its process exited, or ECS stopped it). The runner writes success or
 * failure itself; a task still `running` means the runner died first, so the task fails with the
 * launcher's reason (exit code, signal, out of memory). Then the party reports to the initiator.
 */
export async function taskExited(services: TaskExitedDeps, exit: TaskExit): Promise<void> {
  const key = taskKeyOfWorker(exit.workerId);
  if (key === undefined || key.partyId !== services.site.partyId) return;
  const task = await services.jobs.getTask(key);
  if (task === undefined || task.workerId !== exit.workerId) return;
  if (task.partyStatus === 'running') {
    const end = services.clock();
    await services.jobs.updateTaskPartyStatus(key, 'failed', {
      endTime: end,
      elapsed: end - (task.startTime ?? end),
      errorReport: `task executor process abort: ${exit.reason}`,
    });
  } else if (task.reportedStatus === task.partyStatus) {
    // The runner's word of its end (task-ended.ts) was reported and acknowledged already.
    return;
  }
  await reportTask(services, key);
}
