import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { type JobRecord, jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { HOST, jobRecord } from './records.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName, { now: () => NOW });
});

afterAll(async () => {
  await local.stop();
});

const watchedIds = async (): Promise<string[]> =>
  (await store.watchedJobs()).map((job) => `${job.jobId} ${job.role} ${job.status}`).sort();
const line = (job: JobRecord, status = job.status): string => `${job.jobId} ${job.role} ${status}`;

describe("the detector's watch list", () => {
  // One store for the whole describe: each test adds its records and checks them among the others'.
  it('holds the queued and the running records and drops a party record once it ends', async () => {
    const queued = jobRecord();
    const running = jobRecord({ status: 'running', role: 'host', partyId: HOST, isInitiator: false });
    await store.createJob(queued, []);
    await store.createJob(running, []);
    expect(await watchedIds()).toEqual([line(queued), line(running)].sort());

    await store.updateJobStatus(jobKeyOf(running), 'failed');
    expect(await watchedIds()).toEqual([line(queued)]);
    await store.updateJobStatus(jobKeyOf(queued), 'canceled');
    expect(await watchedIds()).toEqual([line(queued, 'canceled')]);
    await store.markEndSynced(jobKeyOf(queued));
  });

  it('keeps an ended initiator record until its end is synced, and a rerun puts it back', async () => {
    const job = jobRecord({ status: 'running' });
    await store.createJob(job, []);
    await store.updateJobStatus(jobKeyOf(job), 'success');
    expect(await watchedIds()).toEqual([line(job, 'success')]);

    await store.markEndSynced(jobKeyOf(job));
    expect(await watchedIds()).toEqual([]);
    expect((await store.getJob(jobKeyOf(job)))?.endSynced).toBe(true);

    await store.updateJobStatus(jobKeyOf(job), 'waiting', {}, { rerun: true });
    expect(await watchedIds()).toEqual([line(job, 'waiting')]);
    const rerun = await store.getJob(jobKeyOf(job));
    expect(rerun?.endSynced).toBeUndefined();
    expect((await store.waitingInitiatorJobs(10)).map((j) => j.jobId)).toEqual([job.jobId]);
    await store.updateJobStatus(jobKeyOf(job), 'canceled');
    await store.markEndSynced(jobKeyOf(job));
  });

  it('leaves a record that has not ended on the list when asked to mark it synced', async () => {
    const job = jobRecord({ status: 'running' });
    await store.createJob(job, []);

    await store.markEndSynced(jobKeyOf(job));

    expect(await watchedIds()).toEqual([line(job)]);
    expect((await store.getJob(jobKeyOf(job)))?.endSynced).toBeUndefined();
  });
});
