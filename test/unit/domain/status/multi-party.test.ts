import { describe, expect, it } from '@jest/globals';
import { ServerError } from '../../../../functions/domain/errors.js';
import {
  combinePartyTaskStatuses,
  jobProgress,
  jobStatusFromTasks,
} from '../../../../functions/domain/status/multi-party.js';
import { SchedulingStatusCode, type TaskStatus } from '../../../../functions/domain/status/statuses.js';

const { SUCCESS, NO_RESOURCE, NO_NEXT, HAVE_NEXT, FAILED } = SchedulingStatusCode;

describe('combinePartyTaskStatuses', () => {
  it.each<[TaskStatus[], TaskStatus]>([
    [['waiting', 'waiting', 'waiting'], 'waiting'],
    [['running'], 'running'],
    [['success', 'success'], 'success'],
    [['failed', 'failed'], 'failed'],
    [['canceled', 'canceled'], 'canceled'],
  ])('returns the common status when all parties agree: %j → %s', (statuses, expected) => {
    expect(combinePartyTaskStatuses(statuses)).toBe(expected);
  });

  it('folds pass into success', () => {
    expect(combinePartyTaskStatuses(['pass'])).toBe('success');
    expect(combinePartyTaskStatuses(['pass', 'pass'])).toBe('success');
    expect(combinePartyTaskStatuses(['pass', 'success'])).toBe('success');
  });

  it('lets failed beat timeout and canceled', () => {
    expect(combinePartyTaskStatuses(['canceled', 'failed', 'timeout'])).toBe('failed');
    expect(combinePartyTaskStatuses(['success', 'running', 'failed'])).toBe('failed');
  });

  it('lets timeout beat canceled', () => {
    expect(combinePartyTaskStatuses(['canceled', 'timeout'])).toBe('timeout');
    expect(combinePartyTaskStatuses(['timeout', 'waiting', 'canceled', 'success'])).toBe('timeout');
  });

  it('reports canceled when it is the only interrupt', () => {
    expect(combinePartyTaskStatuses(['running', 'canceled'])).toBe('canceled');
    expect(combinePartyTaskStatuses(['pass', 'canceled'])).toBe('canceled');
  });

  it('reports running when any party runs and none was interrupted', () => {
    expect(combinePartyTaskStatuses(['waiting', 'running'])).toBe('running');
    expect(combinePartyTaskStatuses(['running', 'success', 'waiting'])).toBe('running');
    expect(combinePartyTaskStatuses(['running', 'pass'])).toBe('running');
  });

  it('reports running when some parties finished and others are still waiting', () => {
    expect(combinePartyTaskStatuses(['waiting', 'success'])).toBe('running');
    expect(combinePartyTaskStatuses(['pass', 'waiting'])).toBe('running');
  });

  it('throws ServerError for no parties', () => {
    expect(() => combinePartyTaskStatuses([])).toThrow(ServerError);
  });
});

describe('jobStatusFromTasks', () => {
  it('returns the common status when all tasks agree', () => {
    expect(jobStatusFromTasks(['waiting', 'waiting'], HAVE_NEXT)).toBe('waiting');
    expect(jobStatusFromTasks(['running'], NO_NEXT)).toBe('running');
    expect(jobStatusFromTasks(['success', 'success'], NO_NEXT)).toBe('success');
    expect(jobStatusFromTasks(['timeout'], SUCCESS)).toBe('timeout');
  });

  it('folds pass into success', () => {
    expect(jobStatusFromTasks(['pass', 'success', 'pass'], NO_NEXT)).toBe('success');
  });

  it('turns an all-waiting job into canceled when the cancel signal is set', () => {
    expect(jobStatusFromTasks(['waiting', 'waiting'], NO_RESOURCE, { cancelSignal: true })).toBe('canceled');
    expect(jobStatusFromTasks(['waiting'], HAVE_NEXT, { cancelSignal: false })).toBe('waiting');
  });

  it('ignores the cancel signal for a job that is not entirely waiting', () => {
    expect(jobStatusFromTasks(['success'], NO_NEXT, { cancelSignal: true })).toBe('success');
    expect(jobStatusFromTasks(['running', 'waiting'], NO_NEXT, { cancelSignal: true })).toBe('running');
  });

  it('reports running while any task runs, even next to a failed one', () => {
    expect(jobStatusFromTasks(['success', 'running', 'waiting'], NO_NEXT)).toBe('running');
    expect(jobStatusFromTasks(['failed', 'running'], FAILED)).toBe('running');
  });

  it('reports running when tasks wait and the scheduler has started the next ones', () => {
    expect(jobStatusFromTasks(['success', 'waiting'], HAVE_NEXT)).toBe('running');
    expect(jobStatusFromTasks(['failed', 'waiting'], HAVE_NEXT)).toBe('running');
  });

  it('lets failed beat timeout and timeout beat canceled', () => {
    expect(jobStatusFromTasks(['canceled', 'timeout', 'failed', 'success'], NO_NEXT)).toBe('failed');
    expect(jobStatusFromTasks(['canceled', 'timeout'], NO_NEXT)).toBe('timeout');
    expect(jobStatusFromTasks(['canceled', 'success'], NO_NEXT)).toBe('canceled');
  });

  it('reports the interrupt when tasks wait but nothing more can be scheduled', () => {
    expect(jobStatusFromTasks(['success', 'failed', 'waiting'], NO_NEXT)).toBe('failed');
    expect(jobStatusFromTasks(['waiting', 'timeout'], FAILED)).toBe('timeout');
  });

  it('reports canceled for {waiting, success} with NO_NEXT', () => {
    expect(jobStatusFromTasks(['success', 'waiting', 'pass'], NO_NEXT)).toBe('canceled');
  });

  it.each([SUCCESS, NO_RESOURCE, FAILED])(
    'throws ServerError for {waiting, success} with scheduling code %i',
    (code) => {
      expect(() => jobStatusFromTasks(['success', 'waiting'], code)).toThrow(
        new ServerError(`cannot compute job status from task statuses success, waiting with scheduling code ${code}`),
      );
    },
  );

  it('throws ServerError for a job without tasks', () => {
    expect(() => jobStatusFromTasks([], HAVE_NEXT)).toThrow(ServerError);
  });
});

describe('jobProgress', () => {
  it('is 0 for a job without tasks', () => {
    expect(jobProgress([])).toBe(0);
  });

  it('counts every end status as done and rounds down', () => {
    expect(jobProgress(['success', 'waiting', 'running'])).toBe(33);
    expect(jobProgress(['success', 'pass', 'waiting'])).toBe(66);
    expect(jobProgress(['canceled', 'timeout', 'failed', 'pass', 'success'])).toBe(100);
    expect(jobProgress(['waiting', 'running'])).toBe(0);
  });

  it('is exact where floating point would round 29 of 100 down to 28', () => {
    const statuses: TaskStatus[] = [...Array<TaskStatus>(29).fill('success'), ...Array<TaskStatus>(71).fill('waiting')];
    expect(jobProgress(statuses)).toBe(29);
  });
});
