/** The queue index's two partitions, read as the detector's watch list. */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobKey, JobRecord } from '../../domain/records/job-record.js';
import { END_STATUSES } from '../../domain/status/statuses.js';
import { fromJobItem, isQueued, isWatched } from './job-item.js';
import { ACTIVE_PARTITION, jobItemKey, QUEUE_PARTITION } from './keys.js';
import { conditionally } from './operations.js';
import { QUEUE_INDEX, QUEUE_PK, QUEUE_SK } from './table-definition.js';

async function partition(doc: DynamoDBDocumentClient, tableName: string, pk: string): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': QUEUE_PK },
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: startKey,
      }),
    );
    jobs.push(...(page.Items ?? []).map(fromJobItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return jobs;
}

/** The queued and the watched records; the index is eventually consistent in AWS, so each is re-checked. */
export async function watchedJobs(doc: DynamoDBDocumentClient, tableName: string): Promise<JobRecord[]> {
  const [queued, active] = await Promise.all([
    partition(doc, tableName, QUEUE_PARTITION),
    partition(doc, tableName, ACTIVE_PARTITION),
  ]);
  return [...queued.filter(isQueued), ...active.filter(isWatched)];
}

/** Off the watch list, in one conditional write: only an ended record (a rerun may have restarted it). */
export async function markEndSynced(doc: DynamoDBDocumentClient, tableName: string, key: JobKey): Promise<void> {
  const ended = END_STATUSES.map((_, index) => `:end${index}`);
  await conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: jobItemKey(key),
        UpdateExpression: 'SET #synced = :true REMOVE #qpk, #qsk',
        ConditionExpression: `#status IN (${ended.join(', ')})`,
        ExpressionAttributeNames: { '#synced': 'endSynced', '#qpk': QUEUE_PK, '#qsk': QUEUE_SK, '#status': 'status' },
        ExpressionAttributeValues: {
          ':true': true,
          ...Object.fromEntries(END_STATUSES.map((status, index) => [`:end${index}`, status])),
        },
      }),
    ),
  );
}
