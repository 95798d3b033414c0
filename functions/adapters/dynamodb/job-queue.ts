/** The scheduler's queue: this site's waiting initiator records, in the queue index's order. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { JobRecord } from '../../domain/records/job-record.js';
import { fromJobItem, isQueued } from './job-item.js';
import type { JobTable } from './job-table.js';
import { QUEUE_PARTITION } from './keys.js';
import { QUEUE_INDEX, QUEUE_PK } from './table-definition.js';

/** Highest priority first, then oldest; at most `limit`, read a page at a time. */
export async function waitingInitiatorJobs(
  table: Pick<JobTable, 'doc' | 'tableName'>,
  limit: number,
): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  while (jobs.length < limit) {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': QUEUE_PK },
        ExpressionAttributeValues: { ':pk': QUEUE_PARTITION },
        ScanIndexForward: true,
        Limit: limit - jobs.length,
        ExclusiveStartKey: startKey,
      }),
    );
    // The index is eventually consistent in AWS: keep only what is still a queued record.
    jobs.push(...(page.Items ?? []).map(fromJobItem).filter(isQueued));
    startKey = page.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return jobs;
}
