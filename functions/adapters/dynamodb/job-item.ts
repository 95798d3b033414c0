/** JobRecord ⟷ item. The item carries the record's fields plus its keys and index keys. */
import { JOB_TYPES, type JobType } from '../../domain/job/job-parameters.js';
import { isRole, type RoleParties } from '../../domain/job/roles.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus, isJobStatus, type JobStatus } from '../../domain/status/statuses.js';
import { ItemReader, isPlainObject, withoutUndefined } from './item-reader.js';
import { ACTIVE_PARTITION, JOBS_PARTITION, jobItemKey, jobsSortKey, QUEUE_PARTITION, queueSortKey } from './keys.js';
import type { Item } from './operations.js';
import { JOBS_PK, JOBS_SK, QUEUE_PK, QUEUE_SK } from './table-definition.js';

export const JOB_ITEM_TYPE = 'job';

/** Only initiator records in `waiting` are in the scheduler's queue. */
export function isQueued(job: { readonly status: JobStatus; readonly isInitiator: boolean }): boolean {
  return job.status === 'waiting' && job.isInitiator;
}

export function queueKeys(job: Pick<JobRecord, 'priority' | 'createTime' | 'jobId'>): Item {
  return { [QUEUE_PK]: QUEUE_PARTITION, [QUEUE_SK]: queueSortKey(job.priority, job.createTime, job.jobId) };
}

type Watched = Pick<
  JobRecord,
  'status' | 'isInitiator' | 'endSynced' | 'priority' | 'createTime' | 'jobId' | 'role' | 'partyId'
>;

/** On the detector's watch list: not ended, or an initiator's end not yet acknowledged everywhere. */
export function isWatched(job: Pick<JobRecord, 'status' | 'isInitiator' | 'endSynced'>): boolean {
  return !isEndStatus(job.status) || (job.isInitiator && job.endSynced !== true);
}

/**
 * The queue index keys a job record carries: the scheduler's queue (waiting initiator records) or
 * the detector's watch list; none once it needs neither.
 */
export function watchKeys(job: Watched): Item | undefined {
  if (isQueued(job)) return queueKeys(job);
  if (!isWatched(job)) return undefined;
  return { [QUEUE_PK]: ACTIVE_PARTITION, [QUEUE_SK]: jobsSortKey(job.createTime, job.jobId, job.role, job.partyId) };
}

export function toJobItem(job: JobRecord): Item {
  return withoutUndefined({
    ...jobItemKey(job),
    type: JOB_ITEM_TYPE,
    [JOBS_PK]: JOBS_PARTITION,
    [JOBS_SK]: jobsSortKey(job.createTime, job.jobId, job.role, job.partyId),
    ...(watchKeys(job) ?? {}),
    jobId: job.jobId,
    role: job.role,
    partyId: job.partyId,
    initiatorRole: job.initiatorRole,
    initiatorPartyId: job.initiatorPartyId,
    isInitiator: job.isInitiator,
    status: job.status,
    jobType: job.jobType,
    roles: job.roles,
    dsl: job.dsl,
    runtimeConf: job.runtimeConf,
    runtimeConfOnParty: job.runtimeConfOnParty,
    trainRuntimeConf: job.trainRuntimeConf,
    stages: job.stages,
    modelId: job.modelId,
    modelVersion: job.modelVersion,
    description: job.description,
    progress: job.progress,
    tag: job.tag,
    cancelSignal: job.cancelSignal,
    rerunSignal: job.rerunSignal,
    priority: job.priority,
    cores: job.cores,
    memory: job.memory,
    resourceInUse: job.resourceInUse,
    runCount: job.runCount,
    peersSilentSince: job.peersSilentSince,
    endSynced: job.endSynced,
    initiatorSeenAt: job.initiatorSeenAt,
    createTime: job.createTime,
    updateTime: job.updateTime,
    startTime: job.startTime,
    endTime: job.endTime,
    elapsed: job.elapsed,
  });
}

const isJobType = (value: unknown): value is JobType =>
  typeof value === 'string' && (JOB_TYPES as readonly string[]).includes(value);

const isPartyIds = (value: unknown): value is readonly number[] =>
  Array.isArray(value) && value.every((party) => typeof party === 'number');

export function isRoleParties(value: unknown): value is RoleParties {
  return isPlainObject(value) && Object.entries(value).every(([role, parties]) => isRole(role) && isPartyIds(parties));
}

function isStages(value: unknown): value is readonly (readonly string[])[] {
  return (
    Array.isArray(value) &&
    value.every((stage) => Array.isArray(stage) && stage.every((component) => typeof component === 'string'))
  );
}

export function fromJobItem(item: Item): JobRecord {
  const read = new ItemReader(item, 'job');
  const startTime = read.optionalNumber('startTime');
  const endTime = read.optionalNumber('endTime');
  const elapsed = read.optionalNumber('elapsed');
  const peersSilentSince = read.optionalNumber('peersSilentSince');
  const initiatorSeenAt = read.optionalNumber('initiatorSeenAt');
  return {
    jobId: read.string('jobId'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
    initiatorRole: read.oneOf('initiatorRole', isRole),
    initiatorPartyId: read.number('initiatorPartyId'),
    isInitiator: read.boolean('isInitiator'),
    status: read.oneOf('status', isJobStatus),
    jobType: read.oneOf('jobType', isJobType),
    roles: read.shaped('roles', isRoleParties, 'a map of role to party ids'),
    dsl: read.object('dsl'),
    runtimeConf: read.object('runtimeConf'),
    runtimeConfOnParty: read.object('runtimeConfOnParty'),
    trainRuntimeConf: read.object('trainRuntimeConf'),
    stages: read.shaped('stages', isStages, 'a list of lists of component names'),
    modelId: read.string('modelId'),
    modelVersion: read.string('modelVersion'),
    description: read.string('description'),
    progress: read.number('progress'),
    tag: read.string('tag'),
    cancelSignal: read.boolean('cancelSignal'),
    rerunSignal: read.boolean('rerunSignal'),
    priority: read.number('priority'),
    cores: read.number('cores'),
    memory: read.number('memory'),
    resourceInUse: read.boolean('resourceInUse'),
    runCount: read.optionalNumber('runCount') ?? 0,
    ...(peersSilentSince === undefined || peersSilentSince === 0 ? {} : { peersSilentSince }),
    ...(read.raw('endSynced') === true ? { endSynced: true } : {}),
    ...(initiatorSeenAt === undefined ? {} : { initiatorSeenAt }),
    createTime: read.number('createTime'),
    updateTime: read.number('updateTime'),
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(elapsed === undefined ? {} : { elapsed }),
  };
}

/** What the jobs-by-time index holds of a job record (see JOBS_BY_TIME_ATTRIBUTES). */
export interface JobSummary {
  readonly PK: string;
  readonly SK: string;
  readonly jobId: string;
  readonly role: JobRecord['role'];
  readonly partyId: number;
  readonly status: JobStatus;
  readonly description: string;
  readonly createTime: number;
}

export function fromJobSummaryItem(item: Item): JobSummary {
  const read = new ItemReader(item, 'job summary');
  return {
    PK: read.string('PK'),
    SK: read.string('SK'),
    jobId: read.string('jobId'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
    status: read.oneOf('status', isJobStatus),
    description: read.string('description'),
    createTime: read.number('createTime'),
  };
}
