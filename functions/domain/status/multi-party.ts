/**
 * How FATE-Flow folds per-party statuses into one: a task runs at every party, and a job's
 * status follows from its tasks. Ports of `TaskScheduler.calculate_multi_party_task_status`,
 * `JobScheduler.calculate_job_status` and `JobScheduler.calculate_job_progress`.
 * Inputs are treated as sets, so the order parties report in can never change the answer.
 */
import { ServerError } from '../errors.js';
import {
  INTERRUPT_STATUSES,
  type InterruptStatus,
  isEndStatus,
  type JobStatus,
  SchedulingStatusCode,
  statusLevel,
  type TaskStatus,
} from './statuses.js';

/** A task status once `pass` has been folded into `success`; every one is also a job status. */
type FoldedStatus = Exclude<TaskStatus, 'pass'>;

/** A skipped (`pass`) task counts as done, exactly like a successful one. */
function distinctFolded(statuses: readonly TaskStatus[]): Set<FoldedStatus> {
  return new Set(statuses.map((status) => (status === 'pass' ? 'success' : status)));
}

/** Interrupt statuses from most to least severe: failed > timeout > canceled (FATE's level order). */
const INTERRUPTS_BY_SEVERITY: readonly InterruptStatus[] = [...INTERRUPT_STATUSES].sort(
  (a, b) => statusLevel(b) - statusLevel(a),
);

function mostSevereInterrupt(statuses: ReadonlySet<FoldedStatus>): InterruptStatus | undefined {
  return INTERRUPTS_BY_SEVERITY.find((status) => statuses.has(status));
}

/** The one value of a one-element set. */
function only<T>(values: ReadonlySet<T>): T | undefined {
  return values.size === 1 ? values.values().next().value : undefined;
}

/**
 * One task's status across all parties:
 * all agree → that status; any interrupt → the most severe one (one party failing fails the
 * task); any running → running; otherwise some parties finished and some have not started,
 * which is still running as a whole.
 */
export function combinePartyTaskStatuses(statuses: readonly TaskStatus[]): TaskStatus {
  if (statuses.length === 0) throw new ServerError('cannot combine the task statuses of no parties');
  const distinct = distinctFolded(statuses);
  const single = only(distinct);
  if (single !== undefined) return single;
  const interrupt = mostSevereInterrupt(distinct);
  if (interrupt !== undefined) return interrupt;
  if (distinct.has('running')) return 'running';
  // What is left is exactly {waiting, success}: started somewhere, not finished everywhere.
  if (distinct.has('success')) return 'running';
  throw new ServerError(`cannot combine task statuses: ${[...distinct].sort().join(', ')}`);
}

export interface JobStatusOptions {
  /** The job has been asked to stop; a job still entirely waiting then counts as canceled. */
  readonly cancelSignal?: boolean;
}

/**
 * A job's status from its tasks' (already party-combined) statuses and the result of the
 * scheduling pass that just ran. Unlike a task, a job with any running task is running even if
 * another task was interrupted: the running task is allowed to finish before the job ends.
 */
export function jobStatusFromTasks(
  taskStatuses: readonly TaskStatus[],
  code: SchedulingStatusCode,
  options: JobStatusOptions = {},
): JobStatus {
  if (taskStatuses.length === 0) throw new ServerError('cannot compute the status of a job without tasks');
  const distinct = distinctFolded(taskStatuses);
  const single = only(distinct);
  if (single !== undefined) {
    // FATE applies the cancel signal after the calculation; only an all-waiting job can yield waiting.
    return single === 'waiting' && options.cancelSignal === true ? 'canceled' : single;
  }
  if (distinct.has('running')) return 'running';
  // Some tasks are waiting and the scheduler just started the next ones.
  if (distinct.has('waiting') && code === SchedulingStatusCode.HAVE_NEXT) return 'running';
  const interrupt = mostSevereInterrupt(distinct);
  if (interrupt !== undefined) return interrupt;
  // Tasks are left waiting but nothing can be scheduled: the job was stopped part-way.
  if (
    distinct.size === 2 &&
    distinct.has('waiting') &&
    distinct.has('success') &&
    code === SchedulingStatusCode.NO_NEXT
  ) {
    return 'canceled';
  }
  throw new ServerError(
    `cannot compute job status from task statuses ${[...distinct].sort().join(', ')} with scheduling code ${code}`,
    { details: { statuses: [...distinct].sort(), code } },
  );
}

/**
 * Percentage of tasks that have ended, rounded down. Computed in integers so that e.g. 29 of 100
 * gives 29 and not the 28 that `29 / 100 * 100` in floating point would round down to.
 */
export function jobProgress(taskStatuses: readonly TaskStatus[]): number {
  const total = taskStatuses.length;
  if (total === 0) return 0;
  const ended = taskStatuses.filter(isEndStatus).length;
  return Math.floor((ended * 100) / total);
}
