/**
 * FATE-Flow's status vocabulary (`fate_flow/entity/run_status.py`): one ordered set of statuses,
 * the subsets jobs and tasks may take, and the groupings the scheduler reasons with.
 * Kept as string-literal unions plus readonly arrays so the values survive JSON and DynamoDB
 * unchanged and the compiler still checks every use.
 */

/**
 * Every status, in FATE's level order. The order is meaningful: when parties disagree the
 * scheduler reports the interrupt status with the highest level (failed > timeout > canceled).
 */
export const STATUSES = ['waiting', 'ready', 'running', 'canceled', 'timeout', 'failed', 'pass', 'success'] as const;

/** FATE's `StatusSet`: any status a job or task can carry. */
export type Status = (typeof STATUSES)[number];

/** FATE's `StatusSet.get_level`: the position of a status in {@link STATUSES}. */
export function statusLevel(status: Status): number {
  return STATUSES.indexOf(status);
}

/** Jobs never `pass` (only a task can be skipped), so `pass` is not a job status. */
export const JOB_STATUSES = ['waiting', 'ready', 'running', 'canceled', 'timeout', 'failed', 'success'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Tasks are created directly in `waiting`, so `ready` is not a task status. */
export const TASK_STATUSES = ['waiting', 'running', 'canceled', 'timeout', 'failed', 'pass', 'success'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses that stop a job or task before it finished normally. */
export const INTERRUPT_STATUSES = ['canceled', 'timeout', 'failed'] as const;
export type InterruptStatus = (typeof INTERRUPT_STATUSES)[number];

/** Statuses after which nothing runs any more (a rerun starts over from `waiting`). */
export const END_STATUSES = ['canceled', 'timeout', 'failed', 'pass', 'success'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

/** Statuses FATE's auto-rerun retries; a canceled job was stopped on purpose and is left alone. */
export const AUTO_RERUN_STATUSES = ['timeout', 'failed'] as const;
export type AutoRerunStatus = (typeof AUTO_RERUN_STATUSES)[number];

/** `includes` on a readonly tuple only accepts its own members; widen it to test arbitrary input. */
function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** Guards take `unknown` because statuses arrive from requests, storage and other parties. */
export function isStatus(value: unknown): value is Status {
  return isOneOf(STATUSES, value);
}

export function isJobStatus(value: unknown): value is JobStatus {
  return isOneOf(JOB_STATUSES, value);
}

export function isTaskStatus(value: unknown): value is TaskStatus {
  return isOneOf(TASK_STATUSES, value);
}

export function isEndStatus(value: unknown): value is EndStatus {
  return isOneOf(END_STATUSES, value);
}

export function isInterruptStatus(value: unknown): value is InterruptStatus {
  return isOneOf(INTERRUPT_STATUSES, value);
}

export function isAutoRerunStatus(value: unknown): value is AutoRerunStatus {
  return isOneOf(AUTO_RERUN_STATUSES, value);
}

/**
 * FATE's `SchedulingStatusCode`: what one scheduling pass over a job's tasks found.
 * NO_RESOURCE and PASS share the value 1 in FATE, and the values travel between parties,
 * so the duplicate is kept rather than renumbered.
 */
export const SchedulingStatusCode = {
  SUCCESS: 0,
  NO_RESOURCE: 1,
  PASS: 1,
  NO_NEXT: 2,
  HAVE_NEXT: 3,
  FAILED: 4,
} as const;
export type SchedulingStatusCode = (typeof SchedulingStatusCode)[keyof typeof SchedulingStatusCode];

/** FATE's `FederatedSchedulingStatusCode`: how a command sent to every party went, taken together. */
export const FederatedSchedulingStatusCode = {
  SUCCESS: 0,
  PARTIAL: 1,
  FAILED: 2,
  ERROR: 3,
  NOT_EFFECTIVE: 4,
} as const;
export type FederatedSchedulingStatusCode =
  (typeof FederatedSchedulingStatusCode)[keyof typeof FederatedSchedulingStatusCode];
