/**
 * The JobStore port on the site's DynamoDB table: a facade over the files that each do one part —
 * creating jobs and tasks (`job-creation.ts`), reading them (`job-queries.ts`, `task-queries.ts`,
 * `job-queue.ts`, `job-watch-list.ts`), compare-and-set status writes along FATE's transition table
 * (`job-status-writes.ts`, `task-status-writes.ts`), heartbeats (`task-heartbeat.ts`), the
 * initiator's last contact (`job-contact.ts`) and the workflow's task tokens (`component-run-items.ts`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PartyRef } from '../../domain/job/roles.js';
import type {
  ComponentRun,
  JobFieldsPatch,
  JobFilter,
  JobListQuery,
  JobStatusPatch,
  JobStore,
  StatusWriteResult,
  TaskFilter,
  TaskStatusPatch,
} from '../../domain/ports/job-store.js';
import type { JobHead } from '../../domain/records/job-head.js';
import type { JobKey, JobRecord } from '../../domain/records/job-record.js';
import type { TaskKey, TaskRecord } from '../../domain/records/task-record.js';
import type { JobStatus, TaskStatus } from '../../domain/status/statuses.js';
import { advanceComponentRun, attachComponentRun, createComponentRun, getComponentRun } from './component-run-items.js';
import { recordInitiatorContact } from './job-contact.js';
import { createJob, createTasks } from './job-creation.js';
import { readJobHead } from './job-head-item.js';
import { getJob, getJobRecords, getJobStatus, listJobs, queryJobs } from './job-queries.js';
import { waitingInitiatorJobs } from './job-queue.js';
import { updateJobFields, updateJobStatus } from './job-status-writes.js';
import type { JobTable } from './job-table.js';
import { markEndSynced, watchedJobs } from './job-watch-list.js';
import { DEFAULT_MAX_ATTEMPTS } from './operations.js';
import type { DynamoStoreOptions } from './store-options.js';
import { recordTaskHeartbeat } from './task-heartbeat.js';
import { getTask, listTasks } from './task-queries.js';
import { markTaskReported, updateTaskPartyStatus, updateTaskStatus } from './task-status-writes.js';

export class DynamoJobStore implements JobStore {
  private readonly table: JobTable;

  constructor(doc: DynamoDBDocumentClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.table = {
      doc,
      tableName,
      now: options.now ?? Date.now,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    };
  }

  // ---- jobs -----------------------------------------------------------------------------------

  createJob(job: JobRecord, tasks: readonly TaskRecord[]): Promise<'created' | 'exists'> {
    return createJob(this.table, job, tasks);
  }

  getJob(key: JobKey): Promise<JobRecord | undefined> {
    return getJob(this.table, key);
  }

  getJobStatus(key: JobKey): Promise<JobStatus | undefined> {
    return getJobStatus(this.table, key);
  }

  getJobHead(jobId: string): Promise<JobHead | undefined> {
    return readJobHead(this.table.doc, this.table.tableName, jobId);
  }

  getJobRecords(jobId: string): Promise<JobRecord[]> {
    return getJobRecords(this.table, jobId);
  }

  queryJobs(filter: JobFilter): Promise<JobRecord[]> {
    return queryJobs(this.table, filter);
  }

  listJobs(query: JobListQuery): Promise<{ readonly jobs: JobRecord[]; readonly count: number }> {
    return listJobs(this.table, query);
  }

  watchedJobs(): Promise<JobRecord[]> {
    return watchedJobs(this.table.doc, this.table.tableName);
  }

  markEndSynced(key: JobKey): Promise<void> {
    return markEndSynced(this.table.doc, this.table.tableName, key);
  }

  waitingInitiatorJobs(limit: number): Promise<JobRecord[]> {
    return waitingInitiatorJobs(this.table, limit);
  }

  updateJobStatus(
    key: JobKey,
    to: JobStatus,
    patch: JobStatusPatch = {},
    options: { readonly rerun?: boolean } = {},
  ): Promise<StatusWriteResult> {
    return updateJobStatus(this.table, key, to, patch, options);
  }

  updateJobFields(key: JobKey, patch: JobFieldsPatch): Promise<void> {
    return updateJobFields(this.table, key, patch);
  }

  recordInitiatorContact(key: JobKey, from: PartyRef, at: number, resolutionMs: number): Promise<void> {
    return recordInitiatorContact(this.table.doc, this.table.tableName, key, from, at, resolutionMs);
  }

  // ---- tasks ----------------------------------------------------------------------------------

  getTask(key: TaskKey): Promise<TaskRecord | undefined> {
    return getTask(this.table, key);
  }

  listTasks(jobId: string, filter: TaskFilter = {}): Promise<TaskRecord[]> {
    return listTasks(this.table, jobId, filter);
  }

  createTasks(tasks: readonly TaskRecord[]): Promise<void> {
    return createTasks(this.table, tasks);
  }

  updateTaskPartyStatus(
    key: TaskKey,
    to: TaskStatus,
    patch: TaskStatusPatch = {},
    expected?: TaskStatus,
  ): Promise<StatusWriteResult> {
    return updateTaskPartyStatus(this.table, key, to, patch, expected);
  }

  updateTaskStatus(key: TaskKey, to: TaskStatus, expected?: TaskStatus): Promise<StatusWriteResult> {
    return updateTaskStatus(this.table, key, to, expected);
  }

  recordTaskHeartbeat(key: TaskKey, at: number): Promise<boolean> {
    return recordTaskHeartbeat(this.table, key, at);
  }

  markTaskReported(key: TaskKey, status: TaskStatus): Promise<void> {
    return markTaskReported(this.table, key, status);
  }

  // ---- the workflow's task tokens (initiator) ---------------------------------------------------

  createComponentRun(run: ComponentRun): Promise<boolean> {
    return createComponentRun(this.table.doc, this.table.tableName, run);
  }

  attachComponentRun(run: ComponentRun): Promise<ComponentRun> {
    return attachComponentRun(this.table.doc, this.table.tableName, run);
  }

  advanceComponentRun(
    change: { readonly jobId: string; readonly component: string; readonly from: number; readonly to: number },
    startTime: number,
  ): Promise<boolean> {
    return advanceComponentRun(this.table.doc, this.table.tableName, change, startTime);
  }

  getComponentRun(jobId: string, component: string): Promise<ComponentRun | undefined> {
    return getComponentRun(this.table.doc, this.table.tableName, jobId, component);
  }
}
