import type { TaskRecord } from '../../domain/records/task-record.js';

/**
 * A task's next run (a retry or a rerun): the same component, party and parameters under a new
 * version, waiting, with none of the old run's times, worker, error or reports.
 */
export function nextVersionOf(task: TaskRecord, taskVersion: number, now: number): TaskRecord {
  return {
    jobId: task.jobId,
    component: task.component,
    taskId: task.taskId,
    taskVersion,
    role: task.role,
    partyId: task.partyId,
    module: task.module,
    needRun: task.needRun,
    provider: task.provider,
    parameters: task.parameters,
    partyStatus: 'waiting',
    status: 'waiting',
    isLocal: task.isLocal,
    statusHistory: [],
    createTime: now,
    updateTime: now,
  };
}
