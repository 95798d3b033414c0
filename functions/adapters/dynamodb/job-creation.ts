/**
 * Writing a new job and new task versions. Every put is conditional on the item being absent, so
 * a redelivered create or a retried rerun leaves what is stored as it is.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ArgumentError, PermissionError } from '../../domain/errors.js';
import { headConflict, jobHeadOf } from '../../domain/records/job-head.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import type { TaskRecord } from '../../domain/records/task-record.js';
import { claimJobHead } from './job-head-item.js';
import { toJobItem } from './job-item.js';
import { getJob } from './job-queries.js';
import type { JobTable } from './job-table.js';
import { batchPut, conditionally, type Item, mapConcurrently } from './operations.js';
import { toTaskItem } from './task-item.js';

type Table = Pick<JobTable, 'doc' | 'tableName'>;

/** Conditional puts in flight at once when creating a job's tasks. */
const PUT_CONCURRENCY = 16;

/**
 * The job's head first (claimed, or the existing one matched), then tasks, the job record last:
 * the job record is the commit mark, so a create that died half-way is finished by its
 * redelivery, and an existing job record means its tasks exist too.
 */
export async function createJob(
  table: Table,
  job: JobRecord,
  tasks: readonly TaskRecord[],
): Promise<'created' | 'exists'> {
  const foreign = tasks.find((task) => task.jobId !== job.jobId);
  if (foreign !== undefined) {
    throw new ArgumentError(`task ${foreign.component} belongs to job ${foreign.jobId}, not ${job.jobId}`);
  }
  const head = jobHeadOf(job);
  const existing = await claimJobHead(table.doc, table.tableName, head, job.createTime);
  const conflict = existing === 'claimed' ? undefined : headConflict(existing, head);
  if (conflict !== undefined) throw new PermissionError(conflict, { details: { jobId: job.jobId } });
  if ((await getJob(table, job)) !== undefined) return 'exists';
  // The job record is the gate: written last and conditionally, so tasks can go in one batch.
  await batchPut(table.doc, table.tableName, tasks.map(toTaskItem));
  return (await putIfAbsent(table, toJobItem(job))) ? 'created' : 'exists';
}

/** New task records (a new version at rerun or retry); existing ones are left as they are. */
export async function createTasks(table: Table, tasks: readonly TaskRecord[]): Promise<void> {
  await mapConcurrently(tasks, PUT_CONCURRENCY, (task) => putIfAbsent(table, toTaskItem(task)));
}

function putIfAbsent(table: Table, item: Item): Promise<boolean> {
  return conditionally(() =>
    table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
    ),
  );
}
