/**
 * FATE-Flow's state-transition rules (`JobStatus.StateTransitionRule` and
 * `TaskStatus.StateTransitionRule`). A status update that the table does not allow is refused
 * rather than applied, because parties report asynchronously and a late "running" must never
 * overwrite a "success" that already arrived.
 */
import { NotEffectiveError } from '../errors.js';
import { isJobStatus, isTaskStatus, type JobStatus, type Status, statusLevel, type TaskStatus } from './statuses.js';

export type StatusKind = 'job' | 'task';

export interface TransitionOptions {
  /**
   * The move is part of a rerun. Only then may an ended job or a canceled task go back to
   * `waiting`; otherwise a stale message could silently restart finished work.
   */
  readonly rerun?: boolean;
}

/**
 * FATE's job table, every edge including the rerun ones. FATE also lists waiting → pass, but
 * `pass` is not a job status (a job is never skipped), so that edge cannot occur and is left out.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  ready: ['waiting', 'canceled', 'timeout', 'failed'],
  waiting: ['running', 'canceled', 'timeout', 'failed', 'success'],
  running: ['canceled', 'timeout', 'failed', 'success'],
  canceled: ['waiting'],
  timeout: ['failed', 'success', 'waiting'],
  failed: ['waiting'],
  success: ['waiting'],
};

/** FATE's task table, every edge including the rerun one. failed, pass and success are final. */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  waiting: ['running', 'success', 'pass'],
  running: ['canceled', 'timeout', 'failed', 'pass', 'success'],
  canceled: ['waiting'],
  timeout: ['failed', 'success'],
  failed: [],
  pass: [],
  success: [],
};

/** Edges of the tables above that only a rerun may take: every ended job may start over. */
export const JOB_RERUN_EDGES: Readonly<Partial<Record<JobStatus, readonly JobStatus[]>>> = {
  canceled: ['waiting'],
  failed: ['waiting'],
  success: ['waiting'],
  timeout: ['waiting'],
};

/** A task is rerun only from canceled; a failed task is replaced by a new task version instead. */
export const TASK_RERUN_EDGES: Readonly<Partial<Record<TaskStatus, readonly TaskStatus[]>>> = {
  canceled: ['waiting'],
};

/** The full FATE table row for `from`; a status the kind never takes has no row. */
function tableRow(kind: StatusKind, from: Status): readonly Status[] {
  if (kind === 'job') return isJobStatus(from) ? JOB_TRANSITIONS[from] : [];
  return isTaskStatus(from) ? TASK_TRANSITIONS[from] : [];
}

/** The rerun-only edges leaving `from`. */
function rerunRow(kind: StatusKind, from: Status): readonly Status[] {
  if (kind === 'job') return (isJobStatus(from) ? JOB_RERUN_EDGES[from] : undefined) ?? [];
  return (isTaskStatus(from) ? TASK_RERUN_EDGES[from] : undefined) ?? [];
}

export function isRerunEdge(kind: StatusKind, from: Status, to: Status): boolean {
  return rerunRow(kind, from).includes(to);
}

/**
 * Whether a job or task may move from `from` to `to`. Staying in the same status is not a move
 * (FATE answers "not effective"), and rerun edges need `{ rerun: true }`.
 */
export function canTransition(kind: StatusKind, from: Status, to: Status, options: TransitionOptions = {}): boolean {
  if (from === to) return false;
  if (!tableRow(kind, from).includes(to)) return false;
  return options.rerun === true || !isRerunEdge(kind, from, to);
}

/** The statuses reachable in one move, in FATE's level order (waiting first, success last). */
export function allowedNextStatuses(kind: StatusKind, from: Status, options: TransitionOptions = {}): Status[] {
  return tableRow(kind, from)
    .filter((to) => canTransition(kind, from, to, options))
    .sort((a, b) => statusLevel(a) - statusLevel(b));
}

/**
 * Throws NotEffectiveError (retcode 10, FATE's answer to a refused status update) when the move
 * is not allowed. `subject` names the entity for the message, e.g. `job 202601011200000000001`.
 */
export function assertTransition(
  kind: StatusKind,
  from: Status,
  to: Status,
  options: TransitionOptions,
  subject: string,
): void {
  if (canTransition(kind, from, to, options)) return;
  throw new NotEffectiveError(`${subject}: cannot move from ${from} to ${to}`, {
    details: {
      kind,
      from,
      to,
      rerun: options.rerun === true,
      allowed: allowedNextStatuses(kind, from, options),
    },
  });
}
