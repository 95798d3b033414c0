/** A running task's proof of life, written by its runner (the detector's stale-heartbeat check reads it). */
import type { TaskKey } from '../../domain/records/task-record.js';
import type { JobTable } from './job-table.js';
import { UpdateBuilder } from './operations.js';
import { updateTask } from './task-status-writes.js';

/** Only a task still running takes a beat: a late one after its end changes nothing (false). */
export function recordTaskHeartbeat(
  table: Pick<JobTable, 'doc' | 'tableName'>,
  key: TaskKey,
  at: number,
): Promise<boolean> {
  const update = new UpdateBuilder()
    .set('heartbeatTime', at)
    .name('#partyStatus', 'partyStatus')
    .value(':running', 'running');
  return updateTask(table, key, update, '#partyStatus = :running');
}
