import type { RoleParties } from './job/roles.js';

/**
 * Identifiers shaped as FATE-Flow makes them, so FATE users' scripts and habits keep working.
 *
 * job_id: `%Y%m%d%H%M%S%f` (20 digits, microseconds) + a 1-digit counter, e.g. 202611271544180123450.
 * FATE formats local time; we use UTC so that the sites of a federation in different regions agree.
 */

/** Microseconds since the epoch. */
export type MicrosClock = () => number;

export const systemMicrosClock: MicrosClock = () => Math.floor((performance.timeOrigin + performance.now()) * 1000);

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function formatMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    pad(micros % 1_000_000, 6)
  );
}

/**
 * A job-id source for one process. The timestamp never repeats or goes back within the process
 * (a clock step backwards or two calls in one microsecond take the next microsecond), so ids from
 * one process are unique and increasing. Across processes the store's conditional put is the
 * guard: a colliding id is refused and the caller takes the next one.
 */
export function createJobIdGenerator(clock: MicrosClock = systemMicrosClock): () => string {
  let last = 0;
  let counter = 0;
  return () => {
    last = Math.max(Math.floor(clock()), last + 1);
    counter = (counter + 1) % 10;
    return formatMicros(last) + String(counter);
  };
}

/** FATE's job-id column holds at most 25 characters; ours are 21 digits. */
export const JOB_ID_PATTERN = /^[0-9]{21}$/;

export function isJobId(value: unknown): value is string {
  return typeof value === 'string' && JOB_ID_PATTERN.test(value);
}

/** task_id = `<job_id>_<component>`; the task's versions count from 0 at each (re)run. */
export function taskId(jobId: string, component: string): string {
  return `${jobId}_${component}`;
}

export const FIRST_TASK_VERSION = 0;
/**
 * The largest task version: a task's key holds its version in 6 digits (so that key order is
 * version order). A job's component is retried or rerun far fewer times than this.
 */
export const MAX_TASK_VERSION = 999_999;

/**
 * model_id = every role (sorted) with its sorted distinct party ids joined by "_", joined by "#",
 * then "#model": `arbiter-10000#guest-9999#host-10000#model`. model_version = the training job id.
 */
export function modelId(roles: RoleParties): string {
  const parts = Object.keys(roles)
    .sort()
    .map((role) => {
      const ids = [...new Set(roles[role as keyof RoleParties] ?? [])].sort((a, b) => a - b);
      return `${role}-${ids.join('_')}`;
    });
  return [...parts, 'model'].join('#');
}
