/**
 * A task record's writes: its party status and its federated status by compare-and-set along
 * FATE's transition table, and the party status the initiator acknowledged.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.js';
import type { StatusWriteResult, TaskStatusPatch } from '../../domain/ports/job-store.js';
import type { TaskKey } from '../../domain/records/task-record.js';
import type { TaskStatus } from '../../domain/status/statuses.js';
import { canTransition } from '../../domain/status/transitions.js';
import { describeTask, type JobTable } from './job-table.js';
import { taskItemKey } from './keys.js';
import { conditionally, retryOnConflict, UpdateBuilder } from './operations.js';
import { getTask } from './task-queries.js';

const TASK_STATUS_PATCH_FIELDS = ['startTime', 'endTime', 'elapsed', 'errorReport', 'workerId'] as const;

/** One conditional UpdateItem of a task record; false when the condition did not hold. */
export function updateTask(
  table: Pick<JobTable, 'doc' | 'tableName'>,
  key: TaskKey,
  update: UpdateBuilder,
  condition: string,
): Promise<boolean> {
  return conditionally(() =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: taskItemKey(key),
        ...update.request(),
        ConditionExpression: condition,
      }),
    ),
  );
}

/**
 * A compare-and-set on one status field along the table: `write(from)` is the conditional write,
 * undefined when its condition failed. With the caller's `expected` status (just read by it) the
 * write is tried from it first without a read; if it is stale the condition fails, and the usual
 * read-then-write rounds decide, so the outcome is the same either way.
 */
async function compareAndSet(
  table: JobTable,
  key: TaskKey,
  field: 'partyStatus' | 'status',
  to: TaskStatus,
  expected: TaskStatus | undefined,
  write: (from: TaskStatus) => Promise<StatusWriteResult | undefined>,
): Promise<StatusWriteResult> {
  if (expected !== undefined && canTransition('task', expected, to)) {
    const written = await write(expected);
    if (written !== undefined) return written;
  }
  return retryOnConflict(
    `${field === 'status' ? 'status' : 'party status'} of ${describeTask(key)}`,
    table.maxAttempts,
    async () => {
      const current = await getTask(table, key);
      if (current === undefined) throw new NotFoundError(`${describeTask(key)} not found`, { details: { ...key } });
      const from = current[field];
      if (!canTransition('task', from, to)) return { outcome: 'not_effective', current: from } as const;
      return write(from);
    },
  );
}

/** Compare-and-set on partyStatus; the accepted change is appended to statusHistory in the same write. */
export function updateTaskPartyStatus(
  table: JobTable,
  key: TaskKey,
  to: TaskStatus,
  patch: TaskStatusPatch = {},
  expected?: TaskStatus,
): Promise<StatusWriteResult> {
  return compareAndSet(table, key, 'partyStatus', to, expected, async (from) => {
    const now = table.now();
    const update = new UpdateBuilder()
      .set('partyStatus', to)
      .set('updateTime', now)
      .assign(patch, TASK_STATUS_PATCH_FIELDS)
      .name('#history', 'statusHistory')
      .value(':noHistory', [])
      .value(':change', [{ from, to, at: now }])
      .setExpression('#history = list_append(if_not_exists(#history, :noHistory), :change)')
      .value(':from', from);
    const written = await updateTask(table, key, update, '#partyStatus = :from');
    return written ? ({ outcome: 'updated', from } as const) : undefined;
  });
}

/** Compare-and-set on the federated status (the initiator's combination of every party's). */
export function updateTaskStatus(
  table: JobTable,
  key: TaskKey,
  to: TaskStatus,
  expected?: TaskStatus,
): Promise<StatusWriteResult> {
  return compareAndSet(table, key, 'status', to, expected, async (from) => {
    const update = new UpdateBuilder().set('status', to).set('updateTime', table.now()).value(':from', from);
    const written = await updateTask(table, key, update, '#status = :from');
    return written ? ({ outcome: 'updated', from } as const) : undefined;
  });
}

/**
 * The party status the initiator acknowledged, while the task is still at it: an answer to a
 * status the task has since left (a running report answered after the task ended) changes
 * nothing, so it cannot put `reportedStatus` back behind a later status already reported. A task
 * that is not there is left so too.
 */
export async function markTaskReported(
  table: Pick<JobTable, 'doc' | 'tableName'>,
  key: TaskKey,
  status: TaskStatus,
): Promise<void> {
  await conditionally(() =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: taskItemKey(key),
        UpdateExpression: 'SET reportedStatus = :status',
        ConditionExpression: 'partyStatus = :status',
        ExpressionAttributeValues: { ':status': status },
      }),
    ),
  );
}
