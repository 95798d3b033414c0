import { isQueued, isWatched } from '../../../functions/adapters/dynamodb/job-item.js';
import { queueSortKey } from '../../../functions/adapters/dynamodb/keys.js';
import { ArgumentError, NotFoundError, PermissionError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
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
} from '../../../functions/domain/ports/job-store.js';
import { headConflict, type JobHead, jobHeadOf } from '../../../functions/domain/records/job-head.js';
import type { JobKey, JobRecord } from '../../../functions/domain/records/job-record.js';
import {
  jobListMatcher,
  jobListPage,
  latestVersionsOnly,
  taskFilterMatcher,
} from '../../../functions/domain/records/list-queries.js';
import type { TaskKey, TaskRecord } from '../../../functions/domain/records/task-record.js';
import { isEndStatus, type JobStatus, type TaskStatus } from '../../../functions/domain/status/statuses.js';
import { canTransition } from '../../../functions/domain/status/transitions.js';

const jobKey = (key: JobKey): string => JSON.stringify([key.jobId, key.role, key.partyId]);
const taskKey = (key: TaskKey): string =>
  JSON.stringify([key.jobId, key.component, key.taskVersion, key.role, key.partyId]);
const runKey = (jobId: string, component: string): string => JSON.stringify([jobId, component]);

/** Records are handed out as copies, as a read from a table would: a caller cannot change what is stored. */
const copy = <T>(value: T): T => structuredClone(value);

const byCreateTime = (a: JobRecord, b: JobRecord): number =>
  a.createTime - b.createTime || a.jobId.localeCompare(b.jobId) || a.role.localeCompare(b.role);

/** Sorted as the table's sort key sorts a job's tasks: component, version, role, party. */
const byTaskKey = (a: TaskRecord, b: TaskRecord): number =>
  a.component.localeCompare(b.component) ||
  a.taskVersion - b.taskVersion ||
  a.role.localeCompare(b.role) ||
  a.partyId - b.partyId;

/**
 * JobStore in memory, with DynamoJobStore's contract: status writes follow the domain's
 * transition table (`canTransition`, so a final status is never overwritten), a job's head is
 * fixed by its first record (`jobHeadOf` / `headConflict`), progress only rises outside a rerun,
 * the queue and the watch list are the adapter's own predicates (`isQueued`, `isWatched`) in the
 * adapter's queue order (`queueSortKey`), and a component run's version never moves backwards.
 */
export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly heads = new Map<string, JobHead>();
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly runs = new Map<string, ComponentRun>();

  constructor(private readonly now: () => number) {}

  async createJob(job: JobRecord, tasks: readonly TaskRecord[]): Promise<'created' | 'exists'> {
    const foreign = tasks.find((task) => task.jobId !== job.jobId);
    if (foreign !== undefined) {
      throw new ArgumentError(`task ${foreign.component} belongs to job ${foreign.jobId}, not ${job.jobId}`);
    }
    const head = jobHeadOf(job);
    const existing = this.heads.get(job.jobId);
    const conflict = existing === undefined ? undefined : headConflict(existing, head);
    if (conflict !== undefined) throw new PermissionError(conflict, { details: { jobId: job.jobId } });
    if (existing === undefined) this.heads.set(job.jobId, head);
    if (this.jobs.has(jobKey(job))) return 'exists';
    for (const task of tasks) if (!this.tasks.has(taskKey(task))) this.tasks.set(taskKey(task), copy(task));
    this.jobs.set(jobKey(job), copy(job));
    return 'created';
  }

  async getJobHead(jobId: string): Promise<JobHead | undefined> {
    return copy(this.heads.get(jobId));
  }

  async getJob(key: JobKey): Promise<JobRecord | undefined> {
    return copy(this.jobs.get(jobKey(key)));
  }

  async getJobStatus(key: JobKey): Promise<JobStatus | undefined> {
    return this.jobs.get(jobKey(key))?.status;
  }

  async getJobRecords(jobId: string): Promise<JobRecord[]> {
    return [...this.jobs.values()]
      .filter((job) => job.jobId === jobId)
      .sort((a, b) => a.role.localeCompare(b.role) || a.partyId - b.partyId)
      .map(copy);
  }

  async queryJobs(filter: JobFilter): Promise<JobRecord[]> {
    return [...this.jobs.values()]
      .filter(
        (job) =>
          (filter.jobId === undefined || job.jobId === filter.jobId) &&
          (filter.role === undefined || job.role === filter.role) &&
          (filter.partyId === undefined || job.partyId === filter.partyId) &&
          (filter.status === undefined || job.status === filter.status),
      )
      .sort(byCreateTime)
      .map(copy);
  }

  async listJobs(query: JobListQuery): Promise<{ readonly jobs: JobRecord[]; readonly count: number }> {
    const sorted = [...this.jobs.values()].sort(byCreateTime);
    if ((query.order ?? 'desc') === 'desc') sorted.reverse();
    const matching = sorted.filter(jobListMatcher(query));
    return { jobs: jobListPage(matching, query).map(copy), count: matching.length };
  }

  /** The queue first, in its order, then the other watched records oldest first, as the index reads. */
  async watchedJobs(): Promise<JobRecord[]> {
    const queued = await this.waitingInitiatorJobs(Number.MAX_SAFE_INTEGER);
    const active = [...this.jobs.values()].filter((job) => !isQueued(job) && isWatched(job)).sort(byCreateTime);
    return [...queued, ...active.map(copy)];
  }

  async markEndSynced(key: JobKey): Promise<void> {
    const job = this.jobs.get(jobKey(key));
    if (job === undefined || !isEndStatus(job.status)) return;
    this.jobs.set(jobKey(key), { ...job, endSynced: true });
  }

  async waitingInitiatorJobs(limit: number): Promise<JobRecord[]> {
    const order = (job: JobRecord) => queueSortKey(job.priority, job.createTime, job.jobId);
    return [...this.jobs.values()]
      .filter(isQueued)
      .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
      .slice(0, limit)
      .map(copy);
  }

  async updateJobStatus(
    key: JobKey,
    to: JobStatus,
    patch: JobStatusPatch = {},
    options: { readonly rerun?: boolean } = {},
  ): Promise<StatusWriteResult> {
    const current = this.jobs.get(jobKey(key));
    if (current === undefined) throw new NotFoundError(`job ${key.jobId} (${key.role} ${key.partyId}) not found`);
    const rerun = options.rerun === true;
    if (!canTransition('job', current.status, to, { rerun })) {
      return { outcome: 'not_effective', current: current.status };
    }
    const { progress, ...fields } = patch;
    const raise = progress !== undefined && (rerun || progress > current.progress);
    const restarted = !isEndStatus(to);
    const { endSynced: _synced, ...rest } = current;
    this.jobs.set(jobKey(key), {
      ...(restarted ? rest : current),
      ...fields,
      ...(raise ? { progress } : {}),
      status: to,
      updateTime: this.now(),
    });
    return { outcome: 'updated', from: current.status };
  }

  async updateJobFields(key: JobKey, patch: JobFieldsPatch): Promise<void> {
    const current = this.jobs.get(jobKey(key));
    if (current === undefined) throw new NotFoundError(`job ${key.jobId} (${key.role} ${key.partyId}) not found`);
    const { progress, peersSilentSince, ...fields } = patch;
    const { peersSilentSince: _silent, ...withoutSilence } = current;
    const base = peersSilentSince === 0 ? withoutSilence : current;
    this.jobs.set(jobKey(key), {
      ...base,
      ...fields,
      ...(peersSilentSince !== undefined && peersSilentSince !== 0 ? { peersSilentSince } : {}),
      ...(progress !== undefined && progress > current.progress ? { progress } : {}),
      updateTime: this.now(),
    });
  }

  async recordInitiatorContact(key: JobKey, from: PartyRef, at: number, resolutionMs: number): Promise<void> {
    const job = this.jobs.get(jobKey(key));
    if (job === undefined || job.initiatorRole !== from.role || job.initiatorPartyId !== from.partyId) return;
    if (job.initiatorSeenAt !== undefined && job.initiatorSeenAt >= at - resolutionMs) return;
    this.jobs.set(jobKey(key), { ...job, initiatorSeenAt: at });
  }

  async getTask(key: TaskKey): Promise<TaskRecord | undefined> {
    return copy(this.tasks.get(taskKey(key)));
  }

  async listTasks(jobId: string, filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const matches = taskFilterMatcher(filter);
    const tasks = [...this.tasks.values()].filter((task) => task.jobId === jobId && matches(task)).sort(byTaskKey);
    return (filter.latestOnly === true ? latestVersionsOnly(tasks) : tasks).map(copy);
  }

  async createTasks(tasks: readonly TaskRecord[]): Promise<void> {
    for (const task of tasks) if (!this.tasks.has(taskKey(task))) this.tasks.set(taskKey(task), copy(task));
  }

  async updateTaskPartyStatus(key: TaskKey, to: TaskStatus, patch: TaskStatusPatch = {}): Promise<StatusWriteResult> {
    const current = this.requireTask(key);
    const from = current.partyStatus;
    if (!canTransition('task', from, to)) return { outcome: 'not_effective', current: from };
    const now = this.now();
    this.tasks.set(taskKey(key), {
      ...current,
      ...patch,
      partyStatus: to,
      updateTime: now,
      statusHistory: [...current.statusHistory, { from, to, at: now }],
    });
    return { outcome: 'updated', from };
  }

  async updateTaskStatus(key: TaskKey, to: TaskStatus): Promise<StatusWriteResult> {
    const current = this.requireTask(key);
    const from = current.status;
    if (!canTransition('task', from, to)) return { outcome: 'not_effective', current: from };
    this.tasks.set(taskKey(key), { ...current, status: to, updateTime: this.now() });
    return { outcome: 'updated', from };
  }

  async recordTaskHeartbeat(key: TaskKey, at: number): Promise<boolean> {
    const current = this.tasks.get(taskKey(key));
    if (current?.partyStatus !== 'running') return false;
    this.tasks.set(taskKey(key), { ...current, heartbeatTime: at });
    return true;
  }

  async markTaskReported(key: TaskKey, status: TaskStatus): Promise<void> {
    const current = this.tasks.get(taskKey(key));
    if (current?.partyStatus !== status) return;
    this.tasks.set(taskKey(key), { ...current, reportedStatus: status });
  }

  async createComponentRun(run: ComponentRun): Promise<boolean> {
    if (this.runs.has(runKey(run.jobId, run.component))) return false;
    this.runs.set(runKey(run.jobId, run.component), copy(run));
    return true;
  }

  async attachComponentRun(run: ComponentRun): Promise<ComponentRun> {
    const stored = this.runs.get(runKey(run.jobId, run.component));
    const next =
      stored === undefined || stored.taskVersion <= run.taskVersion ? run : { ...stored, taskToken: run.taskToken };
    this.runs.set(runKey(run.jobId, run.component), next);
    return copy(next);
  }

  async advanceComponentRun(
    change: { readonly jobId: string; readonly component: string; readonly from: number; readonly to: number },
    startTime: number,
  ): Promise<boolean> {
    const stored = this.runs.get(runKey(change.jobId, change.component));
    if (stored?.taskVersion !== change.from) return false;
    this.runs.set(runKey(change.jobId, change.component), { ...stored, taskVersion: change.to, startTime });
    return true;
  }

  async getComponentRun(jobId: string, component: string): Promise<ComponentRun | undefined> {
    return copy(this.runs.get(runKey(jobId, component)));
  }

  private requireTask(key: TaskKey): TaskRecord {
    const current = this.tasks.get(taskKey(key));
    if (current === undefined) {
      throw new NotFoundError(
        `task ${key.component} v${key.taskVersion} of job ${key.jobId} (${key.role} ${key.partyId}) not found`,
      );
    }
    return current;
  }
}
