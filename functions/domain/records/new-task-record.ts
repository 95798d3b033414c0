import { taskId } from '../ids.js';
import type { TaskRecord } from './task-record.js';

/** What one new task is: the component at one party in one version, and how it runs there. */
export type NewTask = Pick<
  TaskRecord,
  | 'jobId'
  | 'component'
  | 'taskVersion'
  | 'role'
  | 'partyId'
  | 'module'
  | 'needRun'
  | 'provider'
  | 'parameters'
  | 'isLocal'
>;

/**
 * The one way a task record comes to be — a new job's tasks, an upload's, a retry's or a rerun's
 * next version: waiting at its party and in the federation, with no history, times, worker, error
 * or report yet. FATE's task id is the job's and the component's, whatever the version.
 */
export function newTaskRecord(task: NewTask, createTime: number): TaskRecord {
  return {
    jobId: task.jobId,
    component: task.component,
    taskId: taskId(task.jobId, task.component),
    taskVersion: task.taskVersion,
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
    createTime,
    updateTime: createTime,
  };
}
