import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import type { Role } from '../../../functions/domain/job/roles.js';
import type { JobListQuery } from '../../../functions/domain/ports/job-store.js';
import type { JobRecord } from '../../../functions/domain/records/job-record.js';
import type { JobStatus } from '../../../functions/domain/status/statuses.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord } from './records.js';

/**
 * Twelve job records, one created every second: job i has role guest/host/arbiter by i % 3,
 * status waiting/running/success/failed by i % 4, and an "LR" description when i is even.
 */
const ROLES: readonly Role[] = ['guest', 'host', 'arbiter'];
const STATUSES: readonly JobStatus[] = ['waiting', 'running', 'success', 'failed'];
const JOBS: readonly JobRecord[] = Array.from({ length: 12 }, (_, i) => {
  const role = ROLES[i % 3] ?? 'guest';
  return jobRecord({
    jobId: `202602020000000000${String(i).padStart(2, '0')}`,
    role,
    partyId: role === 'guest' ? GUEST : HOST,
    isInitiator: role === 'guest',
    status: STATUSES[i % 4] ?? 'waiting',
    description: i % 2 === 0 ? `Hetero LR run ${i}` : `homo nn ${i}`,
    createTime: 1_770_000_000_000 + i * 1000,
  });
});
const ids = (jobs: readonly JobRecord[]): string[] => jobs.map((job) => job.jobId.slice(-2));

let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName);
  for (const job of JOBS) await store.createJob(job, []);
});

afterAll(async () => {
  await local.stop();
});

describe('listJobs', () => {
  it('lists newest first by default with the total count', async () => {
    const { jobs, count } = await store.listJobs({ limit: 10, page: 1 });

    expect(count).toBe(12);
    expect(ids(jobs)).toEqual(['11', '10', '09', '08', '07', '06', '05', '04', '03', '02']);
    expect(jobs[0]).toEqual(JOBS[11]);
  });

  it('pages through the list: limit 5 gives pages of 5, 5, 2 and then nothing', async () => {
    const page = async (n: number) => store.listJobs({ limit: 5, page: n, order: 'asc' });

    expect(ids((await page(1)).jobs)).toEqual(['00', '01', '02', '03', '04']);
    expect(ids((await page(2)).jobs)).toEqual(['05', '06', '07', '08', '09']);
    expect(ids((await page(3)).jobs)).toEqual(['10', '11']);
    expect(await page(4)).toEqual({ jobs: [], count: 12 });
    expect((await page(2)).count).toBe(12);
  });

  it('filters by party, roles, statuses and text, and counts only what matches', async () => {
    expect(
      await store.listJobs({ limit: 100, page: 1, partyId: GUEST, order: 'asc' }).then((r) => [ids(r.jobs), r.count]),
    ).toEqual([['00', '03', '06', '09'], 4]);
    const hostRunning = await store.listJobs({
      limit: 100,
      page: 1,
      roles: ['host', 'arbiter'],
      statuses: ['running'],
    });
    expect([ids(hostRunning.jobs), hostRunning.count]).toEqual([['05', '01'], 2]);
    const lr = await store.listJobs({ limit: 2, page: 2, descriptionContains: 'hetero lr', order: 'asc' });
    expect([ids(lr.jobs), lr.count]).toEqual([['04', '06'], 6]);
    const byId = await store.listJobs({ limit: 10, page: 1, jobIdContains: '1' });
    expect([ids(byId.jobs), byId.count]).toEqual([['11', '10', '01'], 3]);
    const none = await store.listJobs({ limit: 10, page: 1, statuses: ['canceled'] });
    expect(none).toEqual({ jobs: [], count: 0 });
  });

  it('answers every combination of filters exactly as filtering the records in memory does', async () => {
    const query = fc.record(
      {
        limit: fc.integer({ min: 1, max: 6 }),
        page: fc.integer({ min: 1, max: 4 }),
        partyId: fc.constantFrom(GUEST, HOST),
        roles: fc.subarray([...ROLES]),
        statuses: fc.subarray([...STATUSES, 'canceled' as const]),
        jobIdContains: fc.constantFrom('', '0', '1', '00000000', '05'),
        descriptionContains: fc.constantFrom('', 'lr', 'HOMO', 'run 1'),
        order: fc.constantFrom('asc' as const, 'desc' as const),
      },
      { requiredKeys: ['limit', 'page'] },
    );
    await fc.assert(
      fc.asyncProperty(query, async (q: JobListQuery) => {
        const matching = JOBS.filter(
          (job) =>
            (q.partyId === undefined || job.partyId === q.partyId) &&
            (q.roles === undefined || q.roles.length === 0 || q.roles.includes(job.role)) &&
            (q.statuses === undefined || q.statuses.length === 0 || q.statuses.includes(job.status)) &&
            (q.jobIdContains === undefined || job.jobId.includes(q.jobIdContains)) &&
            (q.descriptionContains === undefined ||
              job.description.toLowerCase().includes(q.descriptionContains.toLowerCase())),
        );
        const ordered = q.order === 'asc' ? matching : [...matching].reverse();
        const expected = ordered.slice((q.page - 1) * q.limit, q.page * q.limit);

        expect(await store.listJobs(q)).toEqual({ jobs: expected, count: matching.length });
      }),
      { numRuns: 60, seed: 20260101 },
    );
  });
});

describe('queryJobs', () => {
  it('finds the records of one job, narrowed by role', async () => {
    const job = JOBS[4];
    expect(await store.queryJobs({ jobId: job?.jobId })).toEqual([job]);
    expect(await store.queryJobs({ jobId: job?.jobId, role: 'guest' })).toEqual([]);
  });

  it('finds records by party and status across jobs, oldest first', async () => {
    expect(ids(await store.queryJobs({ partyId: HOST, status: 'waiting' }))).toEqual(['04', '08']);
    expect(ids(await store.queryJobs({ role: 'guest' }))).toEqual(['00', '03', '06', '09']);
    expect(ids(await store.queryJobs({ role: 'arbiter', status: 'success' }))).toEqual(['02']);
    expect(await store.queryJobs({ status: 'timeout' })).toEqual([]);
    expect(await store.queryJobs({})).toEqual(JOBS);
  });

  it('sees a status change at once', async () => {
    const job = JOBS[0];
    if (job === undefined) throw new Error('fixture missing');
    await store.updateJobStatus(job, 'running');

    expect(ids(await store.queryJobs({ role: 'guest', status: 'running' }))).toEqual(['00', '09']);

    await store.updateJobStatus(job, 'canceled');
    expect(ids(await store.queryJobs({ status: 'canceled' }))).toEqual(['00']);
  });
});
