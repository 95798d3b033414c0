import type { TaskKey } from '../../domain/records/task-record.js';
import { type ReportTaskDeps, reportTask } from './report-task.js';

export type TaskEndedDeps = ReportTaskDeps;

/**
 * The runner says it has written its task's end — in AWS the TaskEnded event on the site's bus,
 * locally a message on its IPC channel — before its worker exits: the end is reported to the
 * initiator at once, not at the exit (the next stage waits for it). A task still running (the word
 * came before the write was seen) or already reported is left to the worker's exit.
 */
export async function taskEnded(services: TaskEndedDeps, key: TaskKey): Promise<void> {
  const task = await services.jobs.getTask(key);
  if (task === undefined || task.partyStatus === 'running' || task.reportedStatus === task.partyStatus) return;
  await reportTask(services, key);
}
