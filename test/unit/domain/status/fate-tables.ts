// FATE-Flow's transition tables written out by hand (from fate_flow/entity/run_status.py), so the
// tests compare the implementation against an independent copy instead of against itself.
import type { Status } from '../../../../functions/domain/status/statuses.js';

export type Table = Readonly<Partial<Record<Status, readonly Status[]>>>;

/** Job edges any update may take. */
export const JOB_EDGES: Table = {
  ready: ['waiting', 'canceled', 'timeout', 'failed'],
  waiting: ['running', 'canceled', 'timeout', 'failed', 'success'],
  running: ['canceled', 'timeout', 'failed', 'success'],
  timeout: ['failed', 'success'],
};

/** Job edges only a rerun may take. */
export const JOB_RERUN_ONLY: Table = {
  canceled: ['waiting'],
  failed: ['waiting'],
  success: ['waiting'],
  timeout: ['waiting'],
};

export const TASK_EDGES: Table = {
  waiting: ['running', 'success', 'pass'],
  running: ['canceled', 'timeout', 'failed', 'pass', 'success'],
  timeout: ['failed', 'success'],
};

export const TASK_RERUN_ONLY: Table = {
  canceled: ['waiting'],
};

/** FATE's whole table (normal and rerun edges) for one status. */
export function fateRow(kind: 'job' | 'task', from: Status): readonly Status[] {
  const [edges, rerun] = kind === 'job' ? [JOB_EDGES, JOB_RERUN_ONLY] : [TASK_EDGES, TASK_RERUN_ONLY];
  return [...(edges[from] ?? []), ...(rerun[from] ?? [])];
}
