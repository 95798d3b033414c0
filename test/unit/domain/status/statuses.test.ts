import { describe, expect, it } from '@jest/globals';
import {
  AUTO_RERUN_STATUSES,
  END_STATUSES,
  FederatedSchedulingStatusCode,
  INTERRUPT_STATUSES,
  isAutoRerunStatus,
  isEndStatus,
  isInterruptStatus,
  isJobStatus,
  isStatus,
  isTaskStatus,
  JOB_STATUSES,
  SchedulingStatusCode,
  STATUSES,
  statusLevel,
  TASK_STATUSES,
} from '../../../../functions/domain/status/statuses.js';

describe('status vocabulary', () => {
  it.each([
    ['waiting', 0],
    ['ready', 1],
    ['running', 2],
    ['canceled', 3],
    ['timeout', 4],
    ['failed', 5],
    ['pass', 6],
    ['success', 7],
  ] as const)('%s has level %i', (status, level) => {
    expect(statusLevel(status)).toBe(level);
  });

  it('lists every status in level order', () => {
    expect(STATUSES).toEqual(['waiting', 'ready', 'running', 'canceled', 'timeout', 'failed', 'pass', 'success']);
  });

  it('gives jobs every status except pass', () => {
    expect(JOB_STATUSES).toEqual(['waiting', 'ready', 'running', 'canceled', 'timeout', 'failed', 'success']);
  });

  it('gives tasks every status except ready', () => {
    expect(TASK_STATUSES).toEqual(['waiting', 'running', 'canceled', 'timeout', 'failed', 'pass', 'success']);
  });

  it('groups the interrupt, end and auto-rerun statuses as FATE does', () => {
    expect(INTERRUPT_STATUSES).toEqual(['canceled', 'timeout', 'failed']);
    expect(END_STATUSES).toEqual(['canceled', 'timeout', 'failed', 'pass', 'success']);
    expect(AUTO_RERUN_STATUSES).toEqual(['timeout', 'failed']);
  });

  it('accepts exactly the members of each group in the type guards', () => {
    const candidates: unknown[] = [...STATUSES, 'SUCCESS', 'done', '', 7, null, undefined, 'constructor'];
    expect(candidates.filter(isStatus)).toEqual([...STATUSES]);
    expect(candidates.filter(isJobStatus)).toEqual([...JOB_STATUSES]);
    expect(candidates.filter(isTaskStatus)).toEqual([...TASK_STATUSES]);
    expect(candidates.filter(isEndStatus)).toEqual([...END_STATUSES]);
    expect(candidates.filter(isInterruptStatus)).toEqual([...INTERRUPT_STATUSES]);
    expect(candidates.filter(isAutoRerunStatus)).toEqual([...AUTO_RERUN_STATUSES]);
  });

  it('keeps FATE scheduling codes, including NO_RESOURCE and PASS sharing 1', () => {
    expect(SchedulingStatusCode).toEqual({
      SUCCESS: 0,
      NO_RESOURCE: 1,
      PASS: 1,
      NO_NEXT: 2,
      HAVE_NEXT: 3,
      FAILED: 4,
    });
  });

  it('keeps FATE federated scheduling codes', () => {
    expect(FederatedSchedulingStatusCode).toEqual({
      SUCCESS: 0,
      PARTIAL: 1,
      FAILED: 2,
      ERROR: 3,
      NOT_EFFECTIVE: 4,
    });
  });
});
