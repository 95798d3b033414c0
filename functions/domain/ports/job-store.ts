import type { PartyRef, Role } from '../job/roles.js';
import type { JobHead } from '../records/job-head.js';
import type { JobKey, JobRecord } from '../records/job-record.js';
import type { TaskKey, TaskRecord } from '../records/task-record.js';

/** The initiator's record of one component's current run: the workflow step waiting for it. */
export interface ComponentRun {
  readonly jobId: string;
  readonly component: string;
  /** The `.waitForTaskToken` token that settles the workflow's RunComponent step. */
  readonly taskToken: string;
  /** The task version now running (a retry raises it). */
  readonly taskVersion: number;
  readonly startTime: number;
}

import type { JobStatus, TaskStatus } from '../status/statuses.js';

/** What a status write did. `not_effective`: the table forbids the move from the current status (FATE retcode 10). */
export type StatusWriteResult =
  | { readonly outcome: 'updated'; readonly from: JobStatus | TaskStatus }
  | { readonly outcome: 'not_effective'; readonly current: JobStatus | TaskStatus };

/** Fields written together with a job status change (FATE sets them in the same UPDATE). */
export interface JobStatusPatch {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly elapsed?: number;
  readonly tag?: string;
  readonly progress?: number;
}

/** Job fields that change without a status change. */
export interface JobFieldsPatch {
  /** Applied only if larger than the stored progress. */
  readonly progress?: number;
  readonly description?: string;
  readonly cancelSignal?: boolean;
  readonly rerunSignal?: boolean;
  readonly tag?: string;
  readonly cores?: number;
  readonly memory?: number;
  readonly resourceInUse?: boolean;
  readonly runCount?: number;
  /** 0 clears it: every party answered. */
  readonly peersSilentSince?: number;
}

export interface TaskStatusPatch {
  readonly startTime?: number;
  readonly endTime?: number;
  readonly elapsed?: number;
  readonly errorReport?: string;
  readonly workerId?: string;
}

export interface JobFilter {
  readonly jobId?: string;
  readonly role?: Role;
  readonly partyId?: number;
  readonly status?: JobStatus;
}

export interface JobListQuery {
  /** Page size: FATE's `limit` (default 10 in FATE's client). */
  readonly limit: number;
  /** 1-based page (FATE's `page`). */
  readonly page: number;
  readonly partyId?: number;
  readonly roles?: readonly Role[];
  readonly statuses?: readonly JobStatus[];
  readonly jobIdContains?: string;
  readonly descriptionContains?: string;
  /** Newest first unless `asc`. */
  readonly order?: 'asc' | 'desc';
}

export interface TaskFilter {
  readonly component?: string;
  readonly role?: Role;
  readonly partyId?: number;
  /** Only the newest version of each (component, role, party). */
  readonly latestOnly?: boolean;
}

/**
 * Durable jobs and tasks of one site. Every status write is a conditional write along FATE's
 * transition table (compare-and-set on the stored status), so racing writers, retries and duplicate
 * messages are harmless and a final status is never overwritten.
 */
export interface JobStore {
  /**
   * Stores a job record and its task records. The job's first record fixes its head (initiator,
   * parties, plan) in a conditional write, so of racing creates one wins; a record whose head
   * differs from the stored one is refused (PermissionError) and nothing is written. Idempotent:
   * a record that already exists is left as it is (returns 'exists'), so a redelivered create
   * changes nothing.
   */
  createJob(job: JobRecord, tasks: readonly TaskRecord[]): Promise<'created' | 'exists'>;
  /** The job's head at this site: who initiated it, who plays in it, its plan; undefined for an unknown job. */
  getJobHead(jobId: string): Promise<JobHead | undefined>;
  getJob(key: JobKey): Promise<JobRecord | undefined>;
  /**
   * The record's status alone (undefined for no record): what a check on the data plane's hot
   * path needs, without reading the record's DSL and conf (≈ 5 KB) per transferred part.
   */
  getJobStatus(key: JobKey): Promise<JobStatus | undefined>;
  /** Every role/party record of a job at this site. */
  getJobRecords(jobId: string): Promise<JobRecord[]>;
  queryJobs(filter: JobFilter): Promise<JobRecord[]>;
  listJobs(query: JobListQuery): Promise<{ readonly jobs: JobRecord[]; readonly count: number }>;
  /**
   * The detector's watch list: every job record here not yet ended, and the ended initiator
   * records whose end not every party has acknowledged. Its cost follows the live jobs, not the
   * site's whole history.
   */
  watchedJobs(): Promise<JobRecord[]>;
  /** The job's end reached every party (or is given up): it leaves the watch list. Only an ended record. */
  markEndSynced(key: JobKey): Promise<void>;
  /** Waiting jobs this site initiated, highest priority first, then oldest (the scheduler's queue). */
  waitingInitiatorJobs(limit: number): Promise<JobRecord[]>;
  /** Moves the job's status to `to` if the table allows it from the current status. */
  updateJobStatus(
    key: JobKey,
    to: JobStatus,
    patch?: JobStatusPatch,
    options?: { readonly rerun?: boolean },
  ): Promise<StatusWriteResult>;
  updateJobFields(key: JobKey, patch: JobFieldsPatch): Promise<void>;
  /**
   * A message from `from`, the job's initiator, reached this record: `initiatorSeenAt` becomes
   * `at`, unless it is already within `resolutionMs` of it (one conditional write, no read, so that
   * frequent messages cost little). Nothing changes when the record is missing or names another
   * initiator; the stored time never goes back.
   */
  recordInitiatorContact(key: JobKey, from: PartyRef, at: number, resolutionMs: number): Promise<void>;

  getTask(key: TaskKey): Promise<TaskRecord | undefined>;
  listTasks(jobId: string, filter?: TaskFilter): Promise<TaskRecord[]>;
  /** Adds task records (a new version at rerun); existing ones are left as they are. */
  createTasks(tasks: readonly TaskRecord[]): Promise<void>;
  /**
   * Moves a task's party status (the local truth) along the table; appends to its history.
   * `expected`: the status the caller has just read, so the store may try the compare-and-set from
   * it without reading the task first (a round trip fewer on a stage's path); the outcome is the
   * same as without it, as a write from a stale `expected` fails its condition and is tried again
   * from the stored status.
   */
  updateTaskPartyStatus(
    key: TaskKey,
    to: TaskStatus,
    patch?: TaskStatusPatch,
    expected?: TaskStatus,
  ): Promise<StatusWriteResult>;
  /** Moves a task's federated status (initiator only) along the table; `expected` as above. */
  updateTaskStatus(key: TaskKey, to: TaskStatus, expected?: TaskStatus): Promise<StatusWriteResult>;
  /**
   * A running task's proof of life (TaskRecord.heartbeatTime), written by its runner. Returns
   * false, writing nothing, when the task is no longer running.
   */
  recordTaskHeartbeat(key: TaskKey, at: number): Promise<boolean>;
  /**
   * Records the party status the initiator acknowledged (see TaskRecord.reportedStatus) while the
   * task is still at it; an acknowledgement of a status the task has left, or of a task not
   * there, changes nothing.
   */
  markTaskReported(key: TaskKey, status: TaskStatus): Promise<void>;

  /**
   * The run of a component that has none yet, as given; false, writing nothing, when it has one.
   * Lets the step write a first run beside its reads (attachComponentRun decides the others).
   */
  createComponentRun(run: ComponentRun): Promise<boolean>;
  /**
   * Attaches a workflow step's token to a component's run: the token always, the version and
   * start time unless the stored version is ahead (a retry started meanwhile). The run as stored.
   */
  attachComponentRun(run: ComponentRun): Promise<ComponentRun>;
  /** A retry moves the run from task version `from` to `to`; false (nothing written) when it was not at `from`. */
  advanceComponentRun(
    change: { readonly jobId: string; readonly component: string; readonly from: number; readonly to: number },
    startTime: number,
  ): Promise<boolean>;
  getComponentRun(jobId: string, component: string): Promise<ComponentRun | undefined>;
}
