import { describe, expect, it } from '@jest/globals';
import { NotEffectiveError, RetCode } from '../../../../functions/domain/errors.js';
import { STATUSES, type Status } from '../../../../functions/domain/status/statuses.js';
import {
  allowedNextStatuses,
  assertTransition,
  canTransition,
  isRerunEdge,
  type StatusKind,
} from '../../../../functions/domain/status/transitions.js';
import { JOB_EDGES, JOB_RERUN_ONLY, TASK_EDGES, TASK_RERUN_ONLY, type Table } from './fate-tables.js';

type Verdict = 'allowed' | 'allowed only on rerun' | 'refused';

/** Every ordered pair of statuses with what FATE says about it. */
function everyPair(edges: Table, rerunOnly: Table): [Status, Status, Verdict][] {
  return STATUSES.flatMap((from) =>
    STATUSES.map((to): [Status, Status, Verdict] => {
      if (edges[from]?.includes(to)) return [from, to, 'allowed'];
      if (rerunOnly[from]?.includes(to)) return [from, to, 'allowed only on rerun'];
      return [from, to, 'refused'];
    }),
  );
}

const tables: [StatusKind, Table, Table][] = [
  ['job', JOB_EDGES, JOB_RERUN_ONLY],
  ['task', TASK_EDGES, TASK_RERUN_ONLY],
];

describe.each(tables)('the %s transition table', (kind, edges, rerunOnly) => {
  it.each(everyPair(edges, rerunOnly))(`${kind}: %s → %s is %s`, (from, to, verdict) => {
    expect(canTransition(kind, from, to)).toBe(verdict === 'allowed');
    expect(canTransition(kind, from, to, { rerun: false })).toBe(verdict === 'allowed');
    expect(canTransition(kind, from, to, { rerun: true })).toBe(verdict !== 'refused');
    expect(isRerunEdge(kind, from, to)).toBe(verdict === 'allowed only on rerun');
  });

  it.each([...STATUSES])(`${kind}: staying in %s is not a transition, rerun or not`, (status) => {
    expect(canTransition(kind, status, status)).toBe(false);
    expect(canTransition(kind, status, status, { rerun: true })).toBe(false);
  });
});

describe('allowedNextStatuses', () => {
  it('lists the job moves from waiting in level order', () => {
    expect(allowedNextStatuses('job', 'waiting')).toEqual(['running', 'canceled', 'timeout', 'failed', 'success']);
  });

  it('lists the job moves from timeout without and with rerun', () => {
    expect(allowedNextStatuses('job', 'timeout')).toEqual(['failed', 'success']);
    expect(allowedNextStatuses('job', 'timeout', { rerun: true })).toEqual(['waiting', 'failed', 'success']);
  });

  it('lets an ended job go back to waiting only on rerun', () => {
    for (const from of ['canceled', 'failed', 'success'] as const) {
      expect(allowedNextStatuses('job', from)).toEqual([]);
      expect(allowedNextStatuses('job', from, { rerun: true })).toEqual(['waiting']);
    }
  });

  it('lists the task moves from running in level order', () => {
    expect(allowedNextStatuses('task', 'running')).toEqual(['canceled', 'timeout', 'failed', 'pass', 'success']);
  });

  it('lets a canceled task go back to waiting only on rerun', () => {
    expect(allowedNextStatuses('task', 'canceled')).toEqual([]);
    expect(allowedNextStatuses('task', 'canceled', { rerun: true })).toEqual(['waiting']);
  });

  it('gives no moves at all from a terminal task status, even on rerun', () => {
    for (const from of ['failed', 'pass', 'success'] as const) {
      expect(allowedNextStatuses('task', from, { rerun: true })).toEqual([]);
    }
  });

  it('gives no moves from a status the kind never takes', () => {
    expect(allowedNextStatuses('job', 'pass', { rerun: true })).toEqual([]);
    expect(allowedNextStatuses('task', 'ready', { rerun: true })).toEqual([]);
  });

  it('never offers waiting → pass for a job although FATE lists it', () => {
    expect(canTransition('job', 'waiting', 'pass')).toBe(false);
  });
});

describe('assertTransition', () => {
  it('returns quietly for an allowed move', () => {
    expect(() => assertTransition('job', 'running', 'success', {}, 'job 202601011200000000001')).not.toThrow();
    expect(() => assertTransition('task', 'canceled', 'waiting', { rerun: true }, 'task t1')).not.toThrow();
  });

  it('throws NotEffectiveError with retcode 10 and a message naming the entity', () => {
    let caught: unknown;
    try {
      assertTransition('job', 'success', 'running', {}, 'job 202601011200000000001');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotEffectiveError);
    const error = caught as NotEffectiveError;
    expect(error.retcode).toBe(RetCode.NOT_EFFECTIVE);
    expect(error.retcode).toBe(10);
    expect(error.statusCode).toBe(409);
    expect(error.message).toBe('job 202601011200000000001: cannot move from success to running');
    expect(error.details).toEqual({ kind: 'job', from: 'success', to: 'running', rerun: false, allowed: [] });
  });

  it('refuses a rerun edge when the caller does not say it is a rerun', () => {
    expect(() => assertTransition('job', 'failed', 'waiting', {}, 'job j1')).toThrow(
      new NotEffectiveError('job j1: cannot move from failed to waiting'),
    );
  });

  it('refuses a task leaving success even on rerun', () => {
    expect(() => assertTransition('task', 'success', 'waiting', { rerun: true }, 'task t1 guest:9999')).toThrow(
      'task t1 guest:9999: cannot move from success to waiting',
    );
  });
});
