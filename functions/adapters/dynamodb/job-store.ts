/**
 * JobStore on the site's DynamoDB table. Every status change is one conditional UpdateItem
 * (compare-and-set on the stored status, retried on a lost race) along FATE's transition table.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ArgumentError, NotFoundError, PermissionError } from '../../domain/errors.js';
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
import { headConflict, type JobHead, jobHeadOf } from '../../domain/records/job-head.js';
import type { JobKey, JobRecord } from '../../domain/records/job-record.js';
import type { TaskKey, TaskRecord } from '../../domain/records/task-record.js';
import { isEndStatus, type JobStatus, type TaskStatus } from '../../domain/status/statuses.js';
import { canTransition } from '../../domain/status/transitions.js';
import { advanceComponentRun, attachComponentRun, getComponentRun } from './component-run-items.js';
import { recordInitiatorContact } from './job-contact.js';
import { claimJobHead, readJobHead } from './job-head-item.js';
import { fromJobItem, fromJobSummaryItem, isQueued, type JobSummary, toJobItem, watchKeys } from './job-item.js';
import { markEndSynced, watchedJobs } from './job-watch-list.js';
import {
  JOB_SK_PREFIX,
  JOBS_PARTITION,
  jobItemKey,
  jobPartition,
  QUEUE_PARTITION,
  TASK_SK_PREFIX,
  taskComponentPrefix,
  taskItemKey,
} from './keys.js';
import {
  batchGet,
  batchPut,
  conditionally,
  DEFAULT_MAX_ATTEMPTS,
  type Item,
  mapConcurrently,
  queryAll,
  queryPrefix,
  retryOnConflict,
  UpdateBuilder,
} from './operations.js';
import type { DynamoStoreOptions } from './store-options.js';

import { JOBS_BY_TIME_INDEX, JOBS_PK, QUEUE_INDEX, QUEUE_PK, QUEUE_SK } from './table-definition.js';
import { fromTaskItem, toTaskItem } from './task-item.js';

/** Conditional puts in flight at once when creating a job's tasks. */
const PUT_CONCURRENCY = 16;

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
const TASK_STATUS_PATCH_FIELDS = ['startTime', 'endTime', 'elapsed', 'errorReport', 'workerId'] as const;

const describeJob = (key: JobKey): string => `job ${key.jobId} (${key.role} ${key.partyId})`;
const describeTask = (key: TaskKey): string =>
  `task ${key.component} v${key.taskVersion} of job ${key.jobId} (${key.role} ${key.partyId})`;

export class DynamoJobStore implements JobStore {
  private readonly now: () => number;
  private readonly maxAttempts: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  // ---- jobs -----------------------------------------------------------------------------------

  /**
   * The job's head first (claimed, or the existing one matched), then tasks, the job record last:
   * the job record is the commit mark, so a create that died half-way is finished by its
   * redelivery, and an existing job record means its tasks exist too.
   */
  async createJob(job: JobRecord, tasks: readonly TaskRecord[]): Promise<'created' | 'exists'> {
    const foreign = tasks.find((task) => task.jobId !== job.jobId);
    if (foreign !== undefined) {
      throw new ArgumentError(`task ${foreign.component} belongs to job ${foreign.jobId}, not ${job.jobId}`);
    }
    const head = jobHeadOf(job);
    const existing = await claimJobHead(this.doc, this.tableName, head, job.createTime);
    const conflict = existing === 'claimed' ? undefined : headConflict(existing, head);
    if (conflict !== undefined) throw new PermissionError(conflict, { details: { jobId: job.jobId } });
    if ((await this.getJob(job)) !== undefined) return 'exists';
    // The job record is the gate: written last and conditionally, so tasks can go in one batch.
    await batchPut(this.doc, this.tableName, tasks.map(toTaskItem));
    return (await this.putIfAbsent(toJobItem(job))) ? 'created' : 'exists';
  }

  async getJob(key: JobKey): Promise<JobRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: jobItemKey(key), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromJobItem(item);
  }

  getJobHead(jobId: string): Promise<JobHead | undefined> {
    return readJobHead(this.doc, this.tableName, jobId);
  }

  async getJobRecords(jobId: string): Promise<JobRecord[]> {
    const items = await queryPrefix(this.doc, this.tableName, jobPartition(jobId), JOB_SK_PREFIX);
    return items.map(fromJobItem);
  }

  /**
   * With a job id: the job's partition. Without: the jobs-by-time index filtered in memory, then
   * the full records (re-checked, since the index may lag behind the table).
   */
  async queryJobs(filter: JobFilter): Promise<JobRecord[]> {
    const matches = (job: Pick<JobRecord, 'role' | 'partyId' | 'status'>): boolean =>
      (filter.role === undefined || job.role === filter.role) &&
      (filter.partyId === undefined || job.partyId === filter.partyId) &&
      (filter.status === undefined || job.status === filter.status);
    if (filter.jobId !== undefined) return (await this.getJobRecords(filter.jobId)).filter(matches);
    const summaries = (await this.jobSummaries('asc')).filter(matches);
    return (await this.recordsOf(summaries)).filter(matches);
  }

  /**
   * Reads the whole jobs-by-time index (only its small projection: ids, role, party, status,
   * description), filters and pages in memory, then fetches the page's full records. The count is
   * exact; the cost grows with the number of job records the site keeps (~100 bytes each).
   * Text filters are case-insensitive substring matches, as FATE's `contains`.
   */
  async listJobs(query: JobListQuery): Promise<{ readonly jobs: JobRecord[]; readonly count: number }> {
    const limit = Math.max(1, Math.trunc(query.limit));
    const page = Math.max(1, Math.trunc(query.page));
    const jobIdNeedle = query.jobIdContains?.toLowerCase();
    const descriptionNeedle = query.descriptionContains?.toLowerCase();
    const roles = query.roles !== undefined && query.roles.length > 0 ? query.roles : undefined;
    const statuses = query.statuses !== undefined && query.statuses.length > 0 ? query.statuses : undefined;
    const matching = (await this.jobSummaries(query.order ?? 'desc')).filter(
      (job) =>
        (query.partyId === undefined || job.partyId === query.partyId) &&
        (roles === undefined || roles.includes(job.role)) &&
        (statuses === undefined || statuses.includes(job.status)) &&
        (jobIdNeedle === undefined || job.jobId.toLowerCase().includes(jobIdNeedle)) &&
        (descriptionNeedle === undefined || job.description.toLowerCase().includes(descriptionNeedle)),
    );
    const pageOf = matching.slice((page - 1) * limit, page * limit);
    return { jobs: await this.recordsOf(pageOf), count: matching.length };
  }

  watchedJobs(): Promise<JobRecord[]> {
    return watchedJobs(this.doc, this.tableName);
  }

  markEndSynced(key: JobKey): Promise<void> {
    return markEndSynced(this.doc, this.tableName, key);
  }

  async waitingInitiatorJobs(limit: number): Promise<JobRecord[]> {
    const jobs: JobRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    while (jobs.length < limit) {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
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

  /**
   * Compare-and-set on the stored status. The queue keys are set when an initiator record becomes
   * waiting and removed on any other move, in the same write. `patch.progress` only raises the
   * stored progress, except on a rerun, which may reset it.
   */
  updateJobStatus(
    key: JobKey,
    to: JobStatus,
    patch: JobStatusPatch = {},
    options: { readonly rerun?: boolean } = {},
  ): Promise<StatusWriteResult> {
    const rerun = options.rerun === true;
    return retryOnConflict(`status of ${describeJob(key)}`, this.maxAttempts, async () => {
      const current = await this.getJob(key);
      if (current === undefined) throw new NotFoundError(`${describeJob(key)} not found`, { details: { ...key } });
      if (!canTransition('job', current.status, to, { rerun })) {
        return { outcome: 'not_effective', current: current.status } as const;
      }
      const update = new UpdateBuilder()
        .set('status', to)
        .set('updateTime', this.now())
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
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: jobItemKey(key),
            ...update.request(),
            ConditionExpression: condition,
          }),
        ),
      );
      return written ? ({ outcome: 'updated', from: current.status } as const) : undefined;
    });
  }

  async updateJobFields(key: JobKey, patch: JobFieldsPatch): Promise<void> {
    const fields = (): UpdateBuilder => new UpdateBuilder().assign(patch, JOB_FIELDS);
    const send = (update: UpdateBuilder, condition: string): Promise<boolean> =>
      conditionally(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: jobItemKey(key),
            ...update.set('updateTime', this.now()).request(),
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
      if ((await this.getJob(key)) === undefined) throw new NotFoundError(`${describeJob(key)} not found`);
      return;
    }
    if (!(await send(rest.name('#PK', 'PK'), 'attribute_exists(#PK)'))) {
      throw new NotFoundError(`${describeJob(key)} not found`, { details: { ...key } });
    }
  }

  recordInitiatorContact(key: JobKey, from: PartyRef, at: number, resolutionMs: number): Promise<void> {
    return recordInitiatorContact(this.doc, this.tableName, key, from, at, resolutionMs);
  }

  // ---- tasks ----------------------------------------------------------------------------------

  async getTask(key: TaskKey): Promise<TaskRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: taskItemKey(key), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromTaskItem(item);
  }

  /** Sorted by component, version, role, party. */
  async listTasks(jobId: string, filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const prefix = filter.component === undefined ? TASK_SK_PREFIX : taskComponentPrefix(filter.component);
    const tasks = (await queryPrefix(this.doc, this.tableName, jobPartition(jobId), prefix))
      .map(fromTaskItem)
      .filter(
        (task) =>
          (filter.component === undefined || task.component === filter.component) &&
          (filter.role === undefined || task.role === filter.role) &&
          (filter.partyId === undefined || task.partyId === filter.partyId),
      );
    if (filter.latestOnly !== true) return tasks;
    const id = (task: TaskRecord): string => JSON.stringify([task.component, task.role, task.partyId]);
    const latest = new Map<string, number>();
    for (const task of tasks) latest.set(id(task), Math.max(latest.get(id(task)) ?? -1, task.taskVersion));
    return tasks.filter((task) => latest.get(id(task)) === task.taskVersion);
  }

  async createTasks(tasks: readonly TaskRecord[]): Promise<void> {
    await mapConcurrently(tasks, PUT_CONCURRENCY, (task) => this.putIfAbsent(toTaskItem(task)));
  }

  /** Compare-and-set on partyStatus; the accepted change is appended to statusHistory in the same write. */
  updateTaskPartyStatus(key: TaskKey, to: TaskStatus, patch: TaskStatusPatch = {}): Promise<StatusWriteResult> {
    return retryOnConflict(`party status of ${describeTask(key)}`, this.maxAttempts, async () => {
      const current = await this.getTask(key);
      if (current === undefined) throw new NotFoundError(`${describeTask(key)} not found`, { details: { ...key } });
      const from = current.partyStatus;
      if (!canTransition('task', from, to)) return { outcome: 'not_effective', current: from } as const;
      const now = this.now();
      const update = new UpdateBuilder()
        .set('partyStatus', to)
        .set('updateTime', now)
        .assign(patch, TASK_STATUS_PATCH_FIELDS)
        .name('#history', 'statusHistory')
        .value(':noHistory', [])
        .value(':change', [{ from, to, at: now }])
        .setExpression('#history = list_append(if_not_exists(#history, :noHistory), :change)')
        .value(':from', from);
      const written = await this.updateTask(key, update, '#partyStatus = :from');
      return written ? ({ outcome: 'updated', from } as const) : undefined;
    });
  }

  updateTaskStatus(key: TaskKey, to: TaskStatus): Promise<StatusWriteResult> {
    return retryOnConflict(`status of ${describeTask(key)}`, this.maxAttempts, async () => {
      const current = await this.getTask(key);
      if (current === undefined) throw new NotFoundError(`${describeTask(key)} not found`, { details: { ...key } });
      const from = current.status;
      if (!canTransition('task', from, to)) return { outcome: 'not_effective', current: from } as const;
      const update = new UpdateBuilder().set('status', to).set('updateTime', this.now()).value(':from', from);
      const written = await this.updateTask(key, update, '#status = :from');
      return written ? ({ outcome: 'updated', from } as const) : undefined;
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private updateTask(key: TaskKey, update: UpdateBuilder, condition: string): Promise<boolean> {
    return conditionally(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: taskItemKey(key),
          ...update.request(),
          ConditionExpression: condition,
        }),
      ),
    );
  }

  /** Only a task still running takes a beat: a late one after its end changes nothing. */
  recordTaskHeartbeat(key: TaskKey, at: number): Promise<boolean> {
    const update = new UpdateBuilder()
      .set('heartbeatTime', at)
      .name('#partyStatus', 'partyStatus')
      .value(':running', 'running');
    return this.updateTask(key, update, '#partyStatus = :running');
  }

  async markTaskReported(key: TaskKey, status: TaskStatus): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: taskItemKey(key),
        UpdateExpression: 'SET reportedStatus = :status',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':status': status },
      }),
    );
  }

  attachComponentRun(run: ComponentRun): Promise<ComponentRun> {
    return attachComponentRun(this.doc, this.tableName, run);
  }

  advanceComponentRun(
    change: { readonly jobId: string; readonly component: string; readonly from: number; readonly to: number },
    startTime: number,
  ): Promise<boolean> {
    return advanceComponentRun(this.doc, this.tableName, change, startTime);
  }

  getComponentRun(jobId: string, component: string): Promise<ComponentRun | undefined> {
    return getComponentRun(this.doc, this.tableName, jobId, component);
  }

  private putIfAbsent(item: Item): Promise<boolean> {
    return conditionally(() =>
      this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
      ),
    );
  }

  /** The jobs-by-time index, newest first (`desc`) or oldest first. */
  private async jobSummaries(order: 'asc' | 'desc'): Promise<JobSummary[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: JOBS_BY_TIME_INDEX,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': JOBS_PK },
      ExpressionAttributeValues: { ':pk': JOBS_PARTITION },
      ScanIndexForward: order === 'asc',
    });
    return items.map(fromJobSummaryItem);
  }

  /** The full records of index entries, in the entries' order (records gone since are left out). */
  private async recordsOf(summaries: readonly JobSummary[]): Promise<JobRecord[]> {
    const items = await batchGet(
      this.doc,
      this.tableName,
      summaries.map((summary) => ({ PK: summary.PK, SK: summary.SK })),
    );
    return items.map(fromJobItem);
  }
}
