import { describe, expect, it } from '@jest/globals';
import {
  jobListMatcher,
  jobListPage,
  type ListedJob,
  latestVersionsOnly,
  taskFilterMatcher,
} from '../../../../functions/domain/records/list-queries.js';
import type { TaskRecord } from '../../../../functions/domain/records/task-record.js';

const JOBS: ListedJob[] = [
  { jobId: '202612070000000000001', role: 'guest', partyId: 9999, status: 'success', description: 'Breast LR' },
  { jobId: '202612070000000000002', role: 'host', partyId: 10000, status: 'failed', description: '' },
  { jobId: '202612070000000000013', role: 'arbiter', partyId: 10000, status: 'running', description: 'breast again' },
];

const ids = (jobs: readonly ListedJob[]) => jobs.map((job) => job.jobId.slice(-2));

describe("job list's filter and page", () => {
  it('keeps every job when nothing is asked, and empty role and status lists ask nothing', () => {
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1 })))).toEqual(['01', '02', '13']);
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, roles: [], statuses: [] })))).toEqual([
      '01',
      '02',
      '13',
    ]);
  });

  it('filters on party, roles and statuses', () => {
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, partyId: 10000 })))).toEqual(['02', '13']);
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, roles: ['guest', 'arbiter'] })))).toEqual(['01', '13']);
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, statuses: ['failed'] })))).toEqual(['02']);
  });

  it("matches job id and description text case-insensitively, as FATE's contains", () => {
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, jobIdContains: '13' })))).toEqual(['13']);
    expect(ids(JOBS.filter(jobListMatcher({ limit: 10, page: 1, descriptionContains: 'BREAST' })))).toEqual([
      '01',
      '13',
    ]);
  });

  it('pages from 1, a limit or page below 1 counting as 1', () => {
    expect(jobListPage([1, 2, 3, 4, 5], { limit: 2, page: 2 })).toEqual([3, 4]);
    expect(jobListPage([1, 2, 3], { limit: 0, page: 0 })).toEqual([1]);
    expect(jobListPage([1, 2, 3], { limit: 2, page: 3 })).toEqual([]);
  });
});

const task = (component: string, role: 'guest' | 'host', partyId: number, taskVersion: number) =>
  ({ component, role, partyId, taskVersion }) as TaskRecord;

describe("task list's filter", () => {
  const tasks = [task('a_0', 'guest', 9999, 0), task('a_0', 'guest', 9999, 1), task('b_0', 'host', 10000, 0)];

  it('filters on component, role and party', () => {
    expect(tasks.filter(taskFilterMatcher({}))).toHaveLength(3);
    expect(tasks.filter(taskFilterMatcher({ component: 'a_0' }))).toHaveLength(2);
    expect(tasks.filter(taskFilterMatcher({ role: 'host' }))).toEqual([tasks[2]]);
    expect(tasks.filter(taskFilterMatcher({ partyId: 9999, role: 'guest' }))).toHaveLength(2);
  });

  it('keeps the newest version of each component, role and party', () => {
    expect(latestVersionsOnly(tasks)).toEqual([tasks[1], tasks[2]]);
  });
});
