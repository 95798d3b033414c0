/**
 * A job record's writes: its status by compare-and-set along FATE's transition table (the queue
 * and watch-list keys follow in the same write), and the fields that change without a status.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.js';
import type { JobFieldsPatch, JobStatusPatch, StatusWriteResult } from '../../domain/ports/job-store.js';
import type { JobKey } from '../../domain/records/job-record.js';
import { isEndStatus, type JobStatus } from '../../domain/status/statuses.js';
import { canTransition } from '../../domain/status/transitions.js';
import { watchKeys } from './job-item.js';
import { getJob } from './job-queries.js';
import { describeJob, type JobTable } from './job-table.js';
import { jobItemKey } from './keys.js';
import { conditionally, retryOnConflict, UpdateBuilder } from './operations.js';
import { QUEUE_PK, QUEUE_SK } from './table-definition.js';

const JOB_STATUS_PATCH_FIELDS = ['startTime', 'endTime', 'elapsed', 'tag'] as const;
const JOB_FIELDS = [
  'description',
  'cancelSignal',
  'rerunSignal',
  'tag',
  'cores',
  'memory',
  'resourceInUse',
  'runCount',
  'peersSilentSince',
] as const;

/**
 * Compare-and-set on the stored status. The queue keys are set when an initiator record becomes
 * waiting and removed on any other move, in the same write. `patch.progress` only raises the
 * stored progress, except on a rerun, which may reset it.
 */
export function updateJobStatus(
  table: JobTable,
  key: JobKey,
  to: JobStatus,
  patch: JobStatusPatch = {},
  options: { readonly rerun?: boolean } = {},
): Promise<StatusWriteResult> {
  const rerun = options.rerun === true;
  return retryOnConflict(`status of ${describeJob(key)}`, table.maxAttempts, async () => {
    const current = await getJob(table, key);
    if (current === undefined) throw new NotFoundError(`${describeJob(key)} not found`, { details: { ...key } });
    if (!canTransition('job', current.status, to, { rerun })) {
      return { outcome: 'not_effective', current: current.status } as const;
    }
    const update = new UpdateBuilder()
      .set('status', to)
      .set('updateTime', table.now())
      .assign(patch, JOB_STATUS_PATCH_FIELDS)
      .value(':from', current.status);
    let condition = '#status = :from';
    if (patch.progress !== undefined && (rerun || patch.progress > current.progress)) {
      update.set('progress', patch.progress);
      if (!rerun) condition += ' AND #progress <= :progress';
    }
    // A job that leaves its end (a rerun) is watched again until its next end reaches everyone.
    const restarted = !isEndStatus(to);
    if (restarted && current.endSynced !== undefined) update.remove('endSynced');
    const keys = watchKeys({ ...current, status: to, endSynced: restarted ? undefined : current.endSynced });
    if (keys !== undefined) {
      for (const [attribute, value] of Object.entries(keys)) update.set(attribute, value);
    } else {
      update.remove(QUEUE_PK).remove(QUEUE_SK);
    }
    const written = await conditionally(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: jobItemKey(key),
          ...update.request(),
          ConditionExpression: condition,
        }),
      ),
    );
    return written ? ({ outcome: 'updated', from: current.status } as const) : undefined;
  });
}

/** The fields without a status change; progress only rises (a smaller one is left out, not refused). */
export async function updateJobFields(table: JobTable, key: JobKey, patch: JobFieldsPatch): Promise<void> {
  const fields = (): UpdateBuilder => new UpdateBuilder().assign(patch, JOB_FIELDS);
  const send = (update: UpdateBuilder, condition: string): Promise<boolean> =>
    conditionally(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: jobItemKey(key),
          ...update.set('updateTime', table.now()).request(),
          ConditionExpression: condition,
        }),
      ),
    );
  if (patch.progress !== undefined) {
    const withProgress = fields().set('progress', patch.progress).name('#PK', 'PK');
    if (await send(withProgress, 'attribute_exists(#PK) AND #progress < :progress')) return;
  }
  // Progress was not larger (or not given): write the other fields, if any.
  const rest = fields();
  if (rest.isEmpty) {
    if ((await getJob(table, key)) === undefined) throw new NotFoundError(`${describeJob(key)} not found`);
    return;
  }
  if (!(await send(rest.name('#PK', 'PK'), 'attribute_exists(#PK)'))) {
    throw new NotFoundError(`${describeJob(key)} not found`, { details: { ...key } });
  }
}
