import { describe, expect, it } from '@jest/globals';
import type { TaskRecord } from '../../../../functions/domain/records/task-record.js';
import type { TaskStatus } from '../../../../functions/domain/status/statuses.js';
import {
  interruptionReport,
  isInterruption,
  retriesSpent,
  wasInterrupted,
} from '../../../../functions/services/tasks/interruption.js';
import { taskRecord } from '../../../integration/store/records.js';

const jobId = '202601011200000000123';

/** The initiator's holder of one party's task of `train_0` in `version`. */
function holder(version: number, role: 'guest' | 'host', partyStatus: TaskStatus, errorReport?: string): TaskRecord {
  return taskRecord({
    jobId,
    component: 'train_0',
    taskVersion: version,
    role,
    partyId: role === 'guest' ? 9999 : 10000,
    partyStatus,
    ...(errorReport === undefined ? {} : { errorReport }),
  });
}

const interrupted = interruptionReport(10000);

describe('a task interrupted by its site shutting down', () => {
  it('is canceled with the interruption report, and nothing else is', () => {
    expect(interrupted).toBe('interrupted: party 10000 shut down while the task ran');
    expect(isInterruption(holder(0, 'host', 'canceled', interrupted))).toBe(true);
    expect(isInterruption(holder(0, 'host', 'canceled', 'stopped: job canceled'))).toBe(false);
    expect(isInterruption(holder(0, 'host', 'canceled'))).toBe(false);
    expect(isInterruption(holder(0, 'host', 'failed', interrupted))).toBe(false);
  });

  it('makes its version interrupted when the version ended canceled: the other parties stopped by the initiator', () => {
    expect(wasInterrupted([holder(0, 'guest', 'canceled'), holder(0, 'host', 'canceled', interrupted)])).toBe(true);
    expect(wasInterrupted([holder(0, 'guest', 'running'), holder(0, 'host', 'canceled', interrupted)])).toBe(true);
    expect(wasInterrupted([holder(0, 'guest', 'success'), holder(0, 'host', 'canceled', interrupted)])).toBe(true);
  });

  it('does not when a party failed or timed out, or no cancel was an interruption', () => {
    expect(wasInterrupted([holder(0, 'guest', 'failed'), holder(0, 'host', 'canceled', interrupted)])).toBe(false);
    expect(wasInterrupted([holder(0, 'guest', 'timeout'), holder(0, 'host', 'canceled', interrupted)])).toBe(false);
    expect(
      wasInterrupted([holder(0, 'guest', 'canceled'), holder(0, 'host', 'canceled', 'stopped: job canceled')]),
    ).toBe(false);
    expect(wasInterrupted([])).toBe(false);
  });

  it('costs no retry: only the earlier versions that were not interrupted are counted', () => {
    const tasks = [
      holder(0, 'guest', 'failed', 'ComponentExit: boom'),
      holder(0, 'host', 'failed'),
      holder(1, 'guest', 'canceled'),
      holder(1, 'host', 'canceled', interrupted),
      holder(2, 'guest', 'canceled', interruptionReport(9999)),
      holder(2, 'host', 'canceled', interrupted),
      holder(3, 'guest', 'running'),
      holder(3, 'host', 'failed'),
    ];
    expect(retriesSpent(tasks, 'train_0', 0)).toBe(0);
    expect(retriesSpent(tasks, 'train_0', 1)).toBe(1);
    expect(retriesSpent(tasks, 'train_0', 3)).toBe(1);
    expect(retriesSpent(tasks, 'train_0', 4)).toBe(2);
    expect(retriesSpent(tasks, 'other_0', 2)).toBe(2);
  });
});
