import type { TaskKey } from '../../domain/records/task-record.js';
import { type ReportTaskDeps, reportReadTask } from './report-task.js';

export type TaskEndedDeps = ReportTaskDeps;

/**
 * The runner says it has written its task's end — in AWS the TaskEnded event on the site's bus,
 * locally a message on its IPC channel — before its worker exits: the end is reported to the
 * initiator at once, not at the exit (the next stage waits for it). A task still running (the word
 * came before the write was seen) or already reported is left to the worker's exit.
 */
export async function taskEnded(services: TaskEndedDeps, key: TaskKey): Promise<void> {
  // The task and its job at once: the report needs both, and it is on the next stage's path.
  const [task, job] = await Promise.all([services.jobs.getTask(key), services.jobs.getJob(key)]);
  if (task === undefined || task.partyStatus === 'running' || task.reportedStatus === task.partyStatus) return;
  if (job === undefined) return;
  await reportReadTask(services, task, job);
}
