/**
 * Reading job records: one record, a job's records, a filtered query and the paged `job list`.
 * Without a job id they read the jobs-by-time index and filter in memory (README "Limits, on purpose").
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { JobFilter, JobListQuery } from '../../domain/ports/job-store.js';
import type { JobKey, JobRecord } from '../../domain/records/job-record.js';
import { jobListMatcher, jobListPage } from '../../domain/records/list-queries.js';
import { isJobStatus, type JobStatus } from '../../domain/status/statuses.js';
import { ItemReader } from './item-reader.js';
import { fromJobItem, fromJobSummaryItem, type JobSummary } from './job-item.js';
import type { JobTable } from './job-table.js';
import { JOB_SK_PREFIX, JOBS_PARTITION, jobItemKey, jobPartition } from './keys.js';
import { batchGet, queryAll, queryPrefix } from './operations.js';
import { JOBS_BY_TIME_INDEX, JOBS_PK } from './table-definition.js';

type Table = Pick<JobTable, 'doc' | 'tableName'>;

export async function getJob(table: Table, key: JobKey): Promise<JobRecord | undefined> {
  const { Item: item } = await table.doc.send(
    new GetCommand({ TableName: table.tableName, Key: jobItemKey(key), ConsistentRead: true }),
  );
  return item === undefined ? undefined : fromJobItem(item);
}

export async function getJobStatus(table: Table, key: JobKey): Promise<JobStatus | undefined> {
  const { Item: item } = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: jobItemKey(key),
      ConsistentRead: true,
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  return jobStatusOf(item);
}

/** A job record's status, read from its item (whole or projected); undefined where there is no item. */
export function jobStatusOf(item: Record<string, unknown> | undefined): JobStatus | undefined {
  return item === undefined ? undefined : new ItemReader(item, 'job').oneOf('status', isJobStatus);
}

export async function getJobRecords(table: Table, jobId: string): Promise<JobRecord[]> {
  const items = await queryPrefix(table.doc, table.tableName, jobPartition(jobId), JOB_SK_PREFIX);
  return items.map(fromJobItem);
}

/**
 * With a job id: the job's partition. Without: the jobs-by-time index filtered in memory, then
 * the full records (re-checked, since the index may lag behind the table).
 */
export async function queryJobs(table: Table, filter: JobFilter): Promise<JobRecord[]> {
  const matches = (job: Pick<JobRecord, 'role' | 'partyId' | 'status'>): boolean =>
    (filter.role === undefined || job.role === filter.role) &&
    (filter.partyId === undefined || job.partyId === filter.partyId) &&
    (filter.status === undefined || job.status === filter.status);
  if (filter.jobId !== undefined) return (await getJobRecords(table, filter.jobId)).filter(matches);
  const summaries = (await jobSummaries(table, 'asc')).filter(matches);
  return (await recordsOf(table, summaries)).filter(matches);
}

/**
 * Reads the whole jobs-by-time index (only its small projection: ids, role, party, status,
 * description), filters and pages in memory, then fetches the page's full records. The count is
 * exact; the cost grows with the number of job records the site keeps (~100 bytes each).
 * Text filters are case-insensitive substring matches, as FATE's `contains`.
 */
export async function listJobs(
  table: Table,
  query: JobListQuery,
): Promise<{ readonly jobs: JobRecord[]; readonly count: number }> {
  const matching = (await jobSummaries(table, query.order ?? 'desc')).filter(jobListMatcher(query));
  const pageOf = jobListPage(matching, query);
  return { jobs: await recordsOf(table, pageOf), count: matching.length };
}

/** The jobs-by-time index, newest first (`desc`) or oldest first. */
async function jobSummaries(table: Table, order: 'asc' | 'desc'): Promise<JobSummary[]> {
  const items = await queryAll(table.doc, {
    TableName: table.tableName,
    IndexName: JOBS_BY_TIME_INDEX,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': JOBS_PK },
    ExpressionAttributeValues: { ':pk': JOBS_PARTITION },
    ScanIndexForward: order === 'asc',
  });
  return items.map(fromJobSummaryItem);
}

/** The full records of index entries, in the entries' order (records gone since are left out). */
async function recordsOf(table: Table, summaries: readonly JobSummary[]): Promise<JobRecord[]> {
  const items = await batchGet(
    table.doc,
    table.tableName,
    summaries.map((summary) => ({ PK: summary.PK, SK: summary.SK })),
  );
  return items.map(fromJobItem);
}
