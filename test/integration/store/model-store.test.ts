import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoModelStore } from '../../../functions/adapters/dynamodb/model-store.js';
import type { PipelinedModel } from '../../../functions/domain/model/pipelined-model.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord, newJobId, taskRecord } from './records.js';

let local: LocalDynamo;

beforeAll(async () => {
  local = await startDynalite();
});

afterAll(async () => {
  await local.stop();
});

function model(version: string, role: 'guest' | 'host' | 'arbiter', partyId: number): PipelinedModel {
  return {
    modelId: `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`,
    modelVersion: version,
    role,
    partyId,
    initiator: { role: 'guest', partyId: GUEST },
    roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
    jobId: '202601010000000000001',
    parent: false,
    parentInfo: { modelId: 'm', modelVersion: '202601010000000000001' },
    trainDsl: { components: { lr_a: { module: 'HeteroLR' } } },
    trainRuntimeConf: { role: { guest: [GUEST] } },
    inferenceDsl: { components: { lr_a: { module: 'HeteroLR', input: { model: ['pipeline.lr_a.model'] } } } },
    components: {
      lr_a: {
        module: 'HeteroLR',
        ranHere: true,
        models: { model: { location: 'outputs/x/model.json', meta: { a: 1 } } },
      },
      read_a: { module: 'Reader', ranHere: false, models: {} },
    },
    imported: false,
    createTime: 7,
  };
}

describe('DynamoModelStore', () => {
  it('stores a version once per party, reads it back exactly, and lists the version in key order', async () => {
    const store = new DynamoModelStore(local.client, local.tableName);
    const version = newJobId();
    const host = model(version, 'host', HOST);

    expect(await store.putModel(host)).toBe('created');
    expect(await store.putModel({ ...host, createTime: 99 })).toBe('exists');
    expect(await store.putModel(model(version, 'arbiter', HOST))).toBe('created');

    expect(await store.getModel(version, 'host', HOST)).toEqual(host);
    expect(await store.getModel(version, 'guest', GUEST)).toBeUndefined();
    expect((await store.listModels(version)).map((m) => `${m.role} ${m.partyId} ${m.createTime}`)).toEqual([
      `arbiter ${HOST} 7`,
      `host ${HOST} 7`,
    ]);
  });

  it("keeps a training version's models beside its job without touching the job's records", async () => {
    const jobs = new DynamoJobStore(local.client, local.tableName);
    const store = new DynamoModelStore(local.client, local.tableName);
    const jobId = newJobId();
    await jobs.createJob(jobRecord({ jobId }), [taskRecord({ jobId, component: 'reader_0' })]);
    await store.putModel(model(jobId, 'guest', GUEST));

    expect((await jobs.getJobRecords(jobId)).map((j) => j.jobId)).toEqual([jobId]);
    expect((await jobs.listTasks(jobId)).map((t) => t.component)).toEqual(['reader_0']);
    expect((await store.listModels(jobId)).map((m) => m.role)).toEqual(['guest']);
  });

  it('binds a service id, and binds it again to another version', async () => {
    const store = new DynamoModelStore(local.client, local.tableName);
    const binding = {
      serviceId: 'svc#1',
      modelId: 'm',
      modelVersion: newJobId(),
      role: 'guest' as const,
      partyId: GUEST,
      bindTime: 1,
    };
    await store.putBinding(binding);
    expect(await store.getBinding('svc#1')).toEqual(binding);
    const again = { ...binding, modelVersion: newJobId(), bindTime: 2 };
    await store.putBinding(again);
    expect(await store.getBinding('svc#1')).toEqual(again);
    expect(await store.getBinding('svc')).toBeUndefined();
  });
});
