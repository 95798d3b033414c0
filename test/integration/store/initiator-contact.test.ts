import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { jobItemKey } from '../../../functions/adapters/dynamodb/keys.js';
import { type JobRecord, jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord } from './records.js';

let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

const INITIATOR = { role: 'guest', partyId: GUEST } as const;
const RESOLUTION = 10_000;

/** The host's record of a job the guest initiated. */
async function hostRecord(overrides: Partial<JobRecord> = {}): Promise<JobRecord> {
  const job = jobRecord({ role: 'host', partyId: HOST, isInitiator: false, status: 'running', ...overrides });
  await store.createJob(job, []);
  return job;
}

const seenAt = async (job: JobRecord) => (await store.getJob(jobKeyOf(job)))?.initiatorSeenAt;

async function rawItem(job: JobRecord) {
  const { Item } = await local.client.send(
    new GetCommand({ TableName: local.tableName, Key: jobItemKey(job), ConsistentRead: true }),
  );
  return Item;
}

describe("a party's record of when the initiator was last heard", () => {
  it('starts unset, takes the first contact and then only contacts past the resolution', async () => {
    const job = await hostRecord();
    expect(await seenAt(job)).toBeUndefined();

    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 1_000_000, RESOLUTION);
    expect(await seenAt(job)).toBe(1_000_000);
    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 1_000_000 + RESOLUTION, RESOLUTION);
    expect(await seenAt(job)).toBe(1_000_000);
    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 1_000_001 + RESOLUTION, RESOLUTION);
    expect(await seenAt(job)).toBe(1_000_001 + RESOLUTION);
  });

  it('never moves back for a contact that arrives late', async () => {
    const job = await hostRecord();
    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 5_000_000, RESOLUTION);

    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 4_000_000, RESOLUTION);

    expect(await seenAt(job)).toBe(5_000_000);
  });

  it('writes nothing for a sender the record does not name as initiator, and nothing else of the record', async () => {
    const job = await hostRecord();
    const before = await rawItem(job);

    await store.recordInitiatorContact(jobKeyOf(job), { role: 'guest', partyId: 7777 }, 1_000_000, RESOLUTION);
    await store.recordInitiatorContact(jobKeyOf(job), { role: 'arbiter', partyId: GUEST }, 1_000_000, RESOLUTION);
    expect(await rawItem(job)).toEqual(before);

    await store.recordInitiatorContact(jobKeyOf(job), INITIATOR, 1_000_000, RESOLUTION);
    expect(await rawItem(job)).toEqual({ ...before, initiatorSeenAt: 1_000_000 });
  });

  it('creates no record for a job it does not have', async () => {
    const key = { jobId: '20260101120000009999', role: 'host' as const, partyId: HOST };

    await store.recordInitiatorContact(key, INITIATOR, 1_000_000, RESOLUTION);

    expect(await store.getJob(key)).toBeUndefined();
  });
});
