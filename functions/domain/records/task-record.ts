import type { Role } from '../job/roles.js';
import type { TaskStatus } from '../status/statuses.js';

/**
 * One task: a component at one party in one version (FATE's `t_task` row keyed by job_id,
 * task_id, task_version, role, party_id). The party running it keeps `partyStatus`; the initiator
 * keeps a record for every party (a holder for the remote ones) and computes `status`, the
 * combined status of the component, from all parties' reports.
 */
export interface TaskRecord {
  readonly jobId: string;
  readonly component: string;
  readonly taskId: string;
  readonly taskVersion: number;
  readonly role: Role;
  readonly partyId: number;
  readonly module: string;
  readonly needRun: boolean;
  /** `name@version` or null for the site's default. */
  readonly provider: string | null;
  /** This party's merged component parameters. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The status at the party that runs the task: the party's own truth. */
  readonly partyStatus: TaskStatus;
  /** The federated status of the component, computed by the initiator. */
  readonly status: TaskStatus;
  /** The site storing this record runs the task (false: the initiator's holder for a remote party). */
  readonly isLocal: boolean;
  /** Every accepted status change of partyStatus, oldest first: an audit trail for debugging. */
  readonly statusHistory: readonly StatusChange[];
  readonly errorReport?: string;
  /**
   * At a party: the party status the initiator has acknowledged. A report that could not be
   * delivered leaves it behind `partyStatus`, and the detector resends it.
   */
  readonly reportedStatus?: TaskStatus;
  /** Process id or ECS task ARN of the running task. */
  readonly workerId?: string;
  readonly createTime: number;
  readonly updateTime: number;
  readonly startTime?: number;
  /** The runner's last proof of life while the task runs (the detector's stale-heartbeat check). */
  readonly heartbeatTime?: number;
  readonly endTime?: number;
  readonly elapsed?: number;
}

export interface StatusChange {
  readonly from: TaskStatus;
  readonly to: TaskStatus;
  readonly at: number;
}

export interface TaskKey {
  readonly jobId: string;
  readonly component: string;
  readonly taskVersion: number;
  readonly role: Role;
  readonly partyId: number;
}

export const taskKeyOf = (task: TaskKey): TaskKey => ({
  jobId: task.jobId,
  component: task.component,
  taskVersion: task.taskVersion,
  role: task.role,
  partyId: task.partyId,
});

/**
 * The task as a write of its party status left it: `to`, with the write's patch (times, worker,
 * error report). For what its writer already knows without reading the record back.
 */
export const withPartyStatus = (
  task: TaskRecord,
  to: TaskStatus,
  patch: Pick<TaskRecord, 'startTime' | 'endTime' | 'elapsed' | 'errorReport' | 'workerId'>,
): TaskRecord => ({ ...task, ...patch, partyStatus: to });

/** How messages name a task: `task <component> v<version> of job <id> (<role> <party>)`. */
export const describeTask = (key: TaskKey): string =>
  `task ${key.component} v${key.taskVersion} of job ${key.jobId} (${key.role} ${key.partyId})`;
