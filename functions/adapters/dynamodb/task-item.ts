/** TaskRecord ⟷ item. */
import { isRole } from '../../domain/job/roles.js';
import type { StatusChange, TaskRecord } from '../../domain/records/task-record.js';
import { isTaskStatus } from '../../domain/status/statuses.js';
import { ItemReader, isPlainObject, withoutUndefined } from './item-reader.js';
import { taskItemKey } from './keys.js';
import type { Item } from './operations.js';

export const TASK_ITEM_TYPE = 'task';

export function toTaskItem(task: TaskRecord): Item {
  return withoutUndefined({
    ...taskItemKey(task),
    type: TASK_ITEM_TYPE,
    jobId: task.jobId,
    component: task.component,
    taskId: task.taskId,
    taskVersion: task.taskVersion,
    role: task.role,
    partyId: task.partyId,
    module: task.module,
    needRun: task.needRun,
    provider: task.provider,
    parameters: task.parameters,
    partyStatus: task.partyStatus,
    status: task.status,
    isLocal: task.isLocal,
    statusHistory: task.statusHistory,
    errorReport: task.errorReport,
    reportedStatus: task.reportedStatus,
    workerId: task.workerId,
    createTime: task.createTime,
    updateTime: task.updateTime,
    startTime: task.startTime,
    heartbeatTime: task.heartbeatTime,
    endTime: task.endTime,
    elapsed: task.elapsed,
  });
}

function isStatusHistory(value: unknown): value is readonly StatusChange[] {
  return (
    Array.isArray(value) &&
    value.every(
      (change) =>
        isPlainObject(change) && isTaskStatus(change.from) && isTaskStatus(change.to) && typeof change.at === 'number',
    )
  );
}

export function fromTaskItem(item: Item): TaskRecord {
  const read = new ItemReader(item, 'task');
  const errorReport = read.optionalString('errorReport');
  const workerId = read.optionalString('workerId');
  const reported = read.raw('reportedStatus');
  const reportedStatus = isTaskStatus(reported) ? reported : undefined;
  const startTime = read.optionalNumber('startTime');
  const heartbeatTime = read.optionalNumber('heartbeatTime');
  const endTime = read.optionalNumber('endTime');
  const elapsed = read.optionalNumber('elapsed');
  return {
    jobId: read.string('jobId'),
    component: read.string('component'),
    taskId: read.string('taskId'),
    taskVersion: read.number('taskVersion'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
    module: read.string('module'),
    needRun: read.boolean('needRun'),
    provider: read.nullableString('provider'),
    parameters: read.object('parameters'),
    partyStatus: read.oneOf('partyStatus', isTaskStatus),
    status: read.oneOf('status', isTaskStatus),
    isLocal: read.boolean('isLocal'),
    statusHistory: read.shaped('statusHistory', isStatusHistory, 'a list of {from, to, at}'),
    createTime: read.number('createTime'),
    updateTime: read.number('updateTime'),
    ...(errorReport === undefined ? {} : { errorReport }),
    ...(workerId === undefined ? {} : { workerId }),
    ...(reportedStatus === undefined ? {} : { reportedStatus }),
    ...(startTime === undefined ? {} : { startTime }),
    ...(heartbeatTime === undefined ? {} : { heartbeatTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(elapsed === undefined ? {} : { elapsed }),
  };
}
