import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobKey } from '../../domain/records/job-record.js';

/** What the job store's parts share: the table, its clock and the compare-and-set loop's bound. */
export interface JobTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The clock for `updateTime` and status history entries (epoch ms). */
  readonly now: () => number;
  /** How many times a compare-and-set write is tried before giving up. */
  readonly maxAttempts: number;
}

export const describeJob = (key: JobKey): string => `job ${key.jobId} (${key.role} ${key.partyId})`;

export { describeTask } from '../../domain/records/task-record.js';
