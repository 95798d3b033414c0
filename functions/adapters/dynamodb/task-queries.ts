/** Reading task records: one task, or a job's tasks filtered by component, party and version. */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskFilter } from '../../domain/ports/job-store.js';
import { latestVersionsOnly, taskFilterMatcher } from '../../domain/records/list-queries.js';
import type { TaskKey, TaskRecord } from '../../domain/records/task-record.js';
import type { JobTable } from './job-table.js';
import { jobPartition, TASK_SK_PREFIX, taskComponentPrefix, taskItemKey } from './keys.js';
import { queryPrefix } from './operations.js';
import { fromTaskItem } from './task-item.js';

type Table = Pick<JobTable, 'doc' | 'tableName'>;

export async function getTask(table: Table, key: TaskKey): Promise<TaskRecord | undefined> {
  const { Item: item } = await table.doc.send(
    new GetCommand({ TableName: table.tableName, Key: taskItemKey(key), ConsistentRead: true }),
  );
  return item === undefined ? undefined : fromTaskItem(item);
}

/** Sorted by component, version, role, party. */
export async function listTasks(table: Table, jobId: string, filter: TaskFilter = {}): Promise<TaskRecord[]> {
  const prefix = filter.component === undefined ? TASK_SK_PREFIX : taskComponentPrefix(filter.component);
  const tasks = (await queryPrefix(table.doc, table.tableName, jobPartition(jobId), prefix))
    .map(fromTaskItem)
    .filter(taskFilterMatcher(filter));
  return filter.latestOnly === true ? latestVersionsOnly(tasks) : tasks;
}
