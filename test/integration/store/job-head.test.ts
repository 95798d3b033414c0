import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toJobItem } from '../../../functions/adapters/dynamodb/job-item.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { PermissionError } from '../../../functions/domain/errors.js';
import { planDigest } from '../../../functions/domain/job/plan-digest.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord, newJobId, taskRecord } from './records.js';

let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName, { now: () => 1_767_300_000_000 });
});

afterAll(async () => {
  await local.stop();
});

const hostRecord = (jobId: string) => jobRecord({ jobId, role: 'host', partyId: HOST, isInitiator: false });

describe("a job's head", () => {
  it('is fixed by the first record: its initiator, parties and plan', async () => {
    const job = hostRecord(newJobId());
    await store.createJob(job, []);

    expect(await store.getJobHead(job.jobId)).toEqual({
      jobId: job.jobId,
      initiator: { role: 'guest', partyId: GUEST },
      roles: job.roles,
      planDigest: planDigest(job.dsl, job.runtimeConf),
    });
    expect(await store.getJobHead(newJobId())).toBeUndefined();
    // Not a record: listing the job's records never meets it.
    expect(await store.getJobRecords(job.jobId)).toEqual([job]);
  });

  it('takes another role of the job from the same initiator with the same plan', async () => {
    const jobId = newJobId();
    await store.createJob(hostRecord(jobId), []);

    const arbiter = jobRecord({ jobId, role: 'arbiter', partyId: HOST, isInitiator: false, description: 'other' });
    expect(await store.createJob(arbiter, [])).toBe('created');
  });

  it('refuses a record naming another initiator, or another plan, and writes nothing', async () => {
    const jobId = newJobId();
    const first = hostRecord(jobId);
    await store.createJob(first, []);
    const task = taskRecord({ jobId, component: 'intruder_0', role: 'arbiter', partyId: HOST });

    const takeover = jobRecord({
      jobId,
      role: 'arbiter',
      partyId: HOST,
      isInitiator: false,
      initiatorPartyId: 7777,
      roles: { guest: [7777], host: [HOST], arbiter: [HOST] },
    });
    await expect(store.createJob(takeover, [task])).rejects.toThrow(
      new PermissionError(`job ${jobId} exists here with initiator guest ${GUEST}, not guest 7777`),
    );
    const replanned = jobRecord({
      jobId,
      role: 'arbiter',
      partyId: HOST,
      isInitiator: false,
      runtimeConf: { ...first.runtimeConf, job_parameters: { common: { timeout: 1 } } },
    });
    await expect(store.createJob(replanned, [task])).rejects.toThrow(
      `job ${jobId} exists here with another plan: its dsl and runtime_conf must be the ones first sent`,
    );

    expect(await store.getJobRecords(jobId)).toEqual([first]);
    expect(await store.listTasks(jobId)).toEqual([]);
  });

  it('lets exactly one of two racing creates from different initiators in; the other writes nothing', async () => {
    const jobId = newJobId();
    const real = hostRecord(jobId);
    const rival = jobRecord({
      jobId,
      role: 'arbiter',
      partyId: HOST,
      isInitiator: false,
      initiatorPartyId: 7777,
      roles: { guest: [7777], host: [HOST], arbiter: [HOST] },
    });

    const outcomes = await Promise.allSettled([
      store.createJob(real, [taskRecord({ jobId, role: 'host', partyId: HOST })]),
      store.createJob(rival, [taskRecord({ jobId, role: 'arbiter', partyId: HOST })]),
    ]);

    const created = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
    expect(created).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(PermissionError);
    const winner = created[0] === 0 ? real : rival;
    expect(await store.getJobRecords(jobId)).toEqual([winner]);
    expect((await store.listTasks(jobId)).map((task) => task.role)).toEqual([winner.role]);
  });

  describe('of a job stored before heads existed', () => {
    /** The job's records as an earlier version wrote them: no head item. */
    const stored = (...records: ReturnType<typeof jobRecord>[]) =>
      Promise.all(
        records.map((record) =>
          local.client.send(new PutCommand({ TableName: local.tableName, Item: toJobItem(record) })),
        ),
      );

    it('is the head its records agree on, and a create must match it', async () => {
      const jobId = newJobId();
      await stored(hostRecord(jobId), jobRecord({ jobId, role: 'arbiter', partyId: HOST, isInitiator: false }));

      expect(await store.getJobHead(jobId)).toMatchObject({ initiator: { role: 'guest', partyId: GUEST } });
      const takeover = jobRecord({ jobId, role: 'host', partyId: HOST, isInitiator: false, initiatorPartyId: 7777 });
      await expect(store.createJob(takeover, [])).rejects.toThrow(PermissionError);
      expect(await store.createJob(hostRecord(jobId), [])).toBe('exists');
    });

    it('names no owner when its records disagree: every command for it is refused', async () => {
      const jobId = newJobId();
      await stored(
        hostRecord(jobId),
        jobRecord({ jobId, role: 'arbiter', partyId: HOST, isInitiator: false, initiatorPartyId: 7777 }),
      );

      await expect(store.getJobHead(jobId)).rejects.toThrow(
        new PermissionError(
          `job ${jobId}: its records here disagree (job ${jobId} exists here with initiator guest 7777, not guest ${GUEST}); no command is taken for it`,
        ),
      );
    });
  });
});
