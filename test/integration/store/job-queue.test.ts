import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { type JobRecord, jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { HOST, jobRecord } from './records.js';

let local: LocalDynamo;
let store: DynamoJobStore;

/** Every test starts from an empty queue: whatever an earlier test left waiting is canceled. */
beforeEach(async () => {
  for (const job of await store.waitingInitiatorJobs(1000)) await store.updateJobStatus(jobKeyOf(job), 'canceled');
});

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

const T0 = 1_770_000_000_000;
const queued = async (limit = 100): Promise<string[]> =>
  (await store.waitingInitiatorJobs(limit)).map((job) => job.description);

async function create(description: string, overrides: Partial<JobRecord>): Promise<JobRecord> {
  const job = jobRecord({ description, ...overrides });
  await store.createJob(job, []);
  return job;
}

describe('the waiting-job queue', () => {
  it('puts higher priority first, then the older job', async () => {
    await create('p0 new', { priority: 0, createTime: T0 + 3000 });
    await create('p5 new', { priority: 5, createTime: T0 + 2000 });
    await create('p5 old', { priority: 5, createTime: T0 + 1000 });
    await create('p0 old', { priority: 0, createTime: T0 });
    await create('p100', { priority: 100, createTime: T0 + 9000 });

    expect(await queued()).toEqual(['p100', 'p5 old', 'p5 new', 'p0 old', 'p0 new']);
    expect(await queued(2)).toEqual(['p100', 'p5 old']);
  });

  it('holds only initiator records that are waiting', async () => {
    await create('initiator waiting', { createTime: T0 });
    await create('host waiting', { role: 'host', partyId: HOST, isInitiator: false, createTime: T0 });
    await create('initiator running', { status: 'running', createTime: T0 });
    await create('initiator ready', { status: 'ready', createTime: T0 });
    await create('initiator success', { status: 'success', createTime: T0 });

    expect(await queued()).toEqual(['initiator waiting']);
  });

  it('lets a job leave when it runs and come back when it is rerun', async () => {
    const first = await create('first', { createTime: T0 });
    await create('second', { createTime: T0 + 1000 });
    expect(await queued()).toEqual(['first', 'second']);

    await store.updateJobStatus(jobKeyOf(first), 'running');
    expect(await queued()).toEqual(['second']);

    await store.updateJobStatus(jobKeyOf(first), 'failed');
    await store.updateJobStatus(jobKeyOf(first), 'waiting', {}, { rerun: true });
    expect(await queued()).toEqual(['first', 'second']);
  });

  it('admits a ready job once it becomes waiting', async () => {
    const job = await create('was ready', { status: 'ready', createTime: T0 });
    expect(await queued()).toEqual([]);

    expect(await store.updateJobStatus(jobKeyOf(job), 'waiting')).toEqual({ outcome: 'updated', from: 'ready' });
    expect(await queued()).toEqual(['was ready']);
  });

  it('returns nothing for a limit of zero', async () => {
    await create('any', { createTime: T0 });

    expect(await store.waitingInitiatorJobs(0)).toEqual([]);
  });

  it('returns the full, current records', async () => {
    const job = await create('full', { createTime: T0, priority: 7 });

    expect(await store.waitingInitiatorJobs(10)).toEqual([job]);
  });
});
