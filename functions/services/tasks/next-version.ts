import { newTaskRecord } from '../../domain/records/new-task-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';

/**
 * A task's next run (a retry or a rerun): the same component, party and parameters under a new
 * version, waiting, with none of the old run's times, worker, error or reports.
 */
export function nextVersionOf(task: TaskRecord, taskVersion: number, now: number): TaskRecord {
  return newTaskRecord({ ...task, taskVersion }, now);
}
