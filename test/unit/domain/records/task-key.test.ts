import { describe, expect, it } from '@jest/globals';
import { describeTask, taskKeyOf } from '../../../../functions/domain/records/task-record.js';

const key = {
  jobId: '202612070716000000010',
  component: 'intersection_0',
  taskVersion: 2,
  role: 'host',
  partyId: 10000,
} as const;

describe("a task's key", () => {
  it('keeps only the five fields that name a task', () => {
    const record = { ...key, taskId: `${key.jobId}_intersection_0`, status: 'running', module: 'Intersection' };
    expect(taskKeyOf(record)).toEqual(key);
  });

  it('reads in messages as component, version, job and party', () => {
    expect(describeTask(key)).toBe('task intersection_0 v2 of job 202612070716000000010 (host 10000)');
  });
});
