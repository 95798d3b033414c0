/**
 * Every key of the single table. Item keys are strings built from segments joined by `#`; a
 * segment taken from user input (job id, component, namespace, table or output name) is escaped
 * so that no two different entities can ever share a key (namespace "a#b" + name "c" and
 * namespace "a" + name "b#c" would otherwise collide).
 */

import { ServerError } from '../../domain/errors.js';
import type { Role } from '../../domain/job/roles.js';

export const PK = 'PK';
export const SK = 'SK';

/** The table's primary key of one item. */
export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** `%` and `#` percent-encoded: the encoding is reversible and never produces a `#`. */
export function segment(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('#', '%23');
}

/** A non-negative integer left-padded with zeros, so that string order is numeric order. */
export function padded(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || String(value).length > width) {
    throw new ServerError(`cannot encode ${value} as a key of ${width} digits`);
  }
  return String(value).padStart(width, '0');
}

/** Epoch milliseconds need 13 digits until the year 2286; 15 leaves room. */
const TIME_WIDTH = 15;
const VERSION_WIDTH = 6;
const PRIORITY_WIDTH = 6;
export const MAX_PRIORITY = 999_999;

// ---- jobs and everything stored in a job's partition -------------------------------------------

export const jobPartition = (jobId: string): string => `JOB#${segment(jobId)}`;
export const JOB_SK_PREFIX = 'JOB#';
export const TASK_SK_PREFIX = 'TASK#';
export const TABLE_REF_SK_PREFIX = 'TABLEREF#';
export const COMPONENT_RUN_SK_PREFIX = 'RUN#';
/** A job's head: outside the `JOB#` and `TASK#` prefixes, so listing a job's records or tasks never meets it. */
export const JOB_HEAD_SK = 'HEAD';

export const jobHeadItemKey = (jobId: string): ItemKey => ({ PK: jobPartition(jobId), SK: JOB_HEAD_SK });

export function jobItemKey(key: { readonly jobId: string; readonly role: Role; readonly partyId: number }): ItemKey {
  return { PK: jobPartition(key.jobId), SK: `${JOB_SK_PREFIX}${key.role}#${key.partyId}` };
}

export const taskComponentPrefix = (component: string): string => `${TASK_SK_PREFIX}${segment(component)}#`;

export function taskItemKey(key: {
  readonly jobId: string;
  readonly component: string;
  readonly taskVersion: number;
  readonly role: Role;
  readonly partyId: number;
}): ItemKey {
  return {
    PK: jobPartition(key.jobId),
    SK: `${taskComponentPrefix(key.component)}${padded(key.taskVersion, VERSION_WIDTH)}#${key.role}#${key.partyId}`,
  };
}

export function tableRefItemKey(jobId: string, namespace: string, name: string): ItemKey {
  return { PK: jobPartition(jobId), SK: `${TABLE_REF_SK_PREFIX}${segment(namespace)}#${segment(name)}` };
}

/** One component at one party: the prefix shared by its metrics or outputs. */
interface ComponentKey {
  readonly jobId: string;
  readonly component: string;
  readonly role: Role;
  readonly partyId: number;
}

export const metricPrefix = (ref: ComponentKey): string =>
  `METRIC#${segment(ref.component)}#${ref.role}#${ref.partyId}#`;

export function metricItemKey(ref: ComponentKey, namespace: string, name: string): ItemKey {
  return { PK: jobPartition(ref.jobId), SK: `${metricPrefix(ref)}${segment(namespace)}#${segment(name)}` };
}

export function outputPrefix(ref: ComponentKey, kind?: 'data' | 'model' | 'checkpoint'): string {
  const base = `OUTPUT#${segment(ref.component)}#${ref.role}#${ref.partyId}#`;
  return kind === undefined ? base : `${base}${kind}#`;
}

export function outputItemKey(ref: ComponentKey, kind: 'data' | 'model' | 'checkpoint', name: string): ItemKey {
  return { PK: jobPartition(ref.jobId), SK: `${outputPrefix(ref, kind)}${segment(name)}` };
}

/**
 * A component's summary at one party: one item, outside the `METRIC#` and `OUTPUT#` prefixes, so
 * listing a component's metrics or outputs never meets it.
 */
export function summaryItemKey(ref: ComponentKey): ItemKey {
  return { PK: jobPartition(ref.jobId), SK: `SUMMARY#${segment(ref.component)}#${ref.role}#${ref.partyId}` };
}

/** The initiator's record of a component's current run (the workflow token waiting for it). */
export function componentRunItemKey(jobId: string, component: string): ItemKey {
  return { PK: jobPartition(jobId), SK: `${COMPONENT_RUN_SK_PREFIX}${segment(component)}` };
}

/**
 * A pipelined model version at one party, in the partition of its version: a training version is
 * its job id, so its deployed children's items sit in partitions of their own version ids.
 */
export const MODEL_SK_PREFIX = 'MODEL#';

export function modelItemKey(modelVersion: string, role: Role, partyId: number): ItemKey {
  return { PK: jobPartition(modelVersion), SK: `${MODEL_SK_PREFIX}${role}#${partyId}` };
}

// ---- the local workflow's executions (Step Functions keeps its own in AWS) ---------------------

const RUN_WIDTH = 6;
export const EXECUTION_SK_PREFIX = 'EXECUTION#';

/** One execution of the job's workflow: run 1 is the first, each rerun adds one. */
export function executionItemKey(jobId: string, run: number): ItemKey {
  return { PK: jobPartition(jobId), SK: `${EXECUTION_SK_PREFIX}${padded(run, RUN_WIDTH)}` };
}

/** The prefix shared by an execution's component waits. */
export const componentWaitPrefix = (run: number): string => `${EXECUTION_SK_PREFIX}${padded(run, RUN_WIDTH)}#WAIT#`;

/** What one component of an execution waits for (its task token) and the retries it has used. */
export function componentWaitItemKey(jobId: string, run: number, component: string): ItemKey {
  return { PK: jobPartition(jobId), SK: `${componentWaitPrefix(run)}${segment(component)}` };
}

/**
 * The site's RUNNING executions, one small item each, in one partition: what a restarted site
 * resumes. Written before the execution and removed after its end, so a crash in between leaves
 * a marker that is checked and dropped, never a running execution without one.
 */
export const RUNNING_EXECUTIONS_PARTITION = 'EXECUTIONS';

export function runningExecutionItemKey(jobId: string, run: number): ItemKey {
  return { PK: RUNNING_EXECUTIONS_PARTITION, SK: `RUNNING#${segment(jobId)}#${padded(run, RUN_WIDTH)}` };
}

// ---- other entities ---------------------------------------------------------------------------

export const poolItemKey = (name: string): ItemKey => ({ PK: `POOL#${segment(name)}`, SK: 'POOL' });

export const tableItemKey = (namespace: string, name: string): ItemKey => ({
  PK: `TABLE#${segment(namespace)}#${segment(name)}`,
  SK: 'TABLE',
});

/** A service id bound to a model version (`model bind`): what online inference looks up. */
export const serviceBindingItemKey = (serviceId: string): ItemKey => ({
  PK: `SERVICE#${segment(serviceId)}`,
  SK: 'BINDING',
});

export const grantPartition = (partyId: number): string => `GRANT#${partyId}`;
export const componentGrantSortKey = (component: string): string => `component#${segment(component)}`;
export const datasetGrantSortKey = (namespace: string, name: string): string =>
  `dataset#${segment(namespace)}#${segment(name)}`;

// ---- global secondary index keys ---------------------------------------------------------------

/** The one partition of the waiting queue: a site's own waiting initiator jobs are few. */
export const QUEUE_PARTITION = 'QUEUE';

/**
 * Ascending order of this key is the scheduler's order: higher priority first, then older, then
 * job id. Priorities are clamped to 0…999999 (FATE's priorities are small integers).
 */
export function queueSortKey(priority: number, createTime: number, jobId: string): string {
  const clamped = Math.min(MAX_PRIORITY, Math.max(0, Math.trunc(Number.isFinite(priority) ? priority : 0)));
  return `${padded(MAX_PRIORITY - clamped, PRIORITY_WIDTH)}#${padded(createTime, TIME_WIDTH)}#${segment(jobId)}`;
}

/**
 * The detector's watch list, in the queue index beside the queue: job records not yet ended (but
 * the queued ones, which the QUEUE partition holds), and ended initiator records whose end not
 * every party has acknowledged. A sweep reads these, never the whole job history.
 */
export const ACTIVE_PARTITION = 'ACTIVE';

/** The one partition of the jobs-by-time index: every job record of the site. */
export const JOBS_PARTITION = 'JOBS';

export function jobsSortKey(createTime: number, jobId: string, role: Role, partyId: number): string {
  return `${padded(createTime, TIME_WIDTH)}#${segment(jobId)}#${role}#${partyId}`;
}
