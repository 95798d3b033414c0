import type { Role } from '../../domain/job/roles.js';
import type { StopStatus } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';
import { type ReportTaskDeps, reportTask } from './report-task.js';

export type StopLocalTasksDeps = Pick<SiteServices, 'clock' | 'jobs' | 'launcher' | 'site'> & ReportTaskDeps;

/**
 * Stops this party's unfinished tasks of a job (in one role): running ones are killed — their
 * process or ECS task really stops — and take the stop status; waiting ones stay waiting (they
 * will never start: the job has ended). Each change is reported to the initiator.
 */
export async function stopLocalTasks(
  services: StopLocalTasksDeps,
  jobId: string,
  role: Role,
  status: StopStatus,
): Promise<number> {
  const tasks = await services.jobs.listTasks(jobId, { role, partyId: services.site.partyId });
  const running = tasks.filter((t) => t.isLocal && t.partyStatus === 'running');
  await Promise.all(
    running.map(async (task) => {
      // The status first: the worker's exit, reported while it dies, then finds the task ended.
      const end = services.clock();
      await services.jobs.updateTaskPartyStatus(task, status, {
        endTime: end,
        elapsed: end - (task.startTime ?? end),
        errorReport: `stopped: job ${status}`,
      });
      if (task.workerId !== undefined) await services.launcher.stop(task.workerId, `job ${jobId} ${status}`);
      await reportTask(services, task);
    }),
  );
  return running.length;
}
