import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

const jobId = '202601011200000000777';

describe("a component's run at the initiator (the workflow token waiting for it)", () => {
  it('is attached by the workflow step, moved on by a retry, and never moved back by a resumed step', async () => {
    const first = { jobId, component: 'train_0', taskToken: 'token-1', taskVersion: 0, startTime: NOW };
    expect(await store.attachComponentRun(first)).toEqual(first);

    // Two reports settling version 0 at once: one retry moves the run on.
    const moves = await Promise.all([
      store.advanceComponentRun({ jobId, component: 'train_0', from: 0, to: 1 }, NOW + 1),
      store.advanceComponentRun({ jobId, component: 'train_0', from: 0, to: 1 }, NOW + 2),
    ]);
    expect(moves.sort()).toEqual([false, true]);
    const retried = await store.getComponentRun(jobId, 'train_0');
    expect(retried?.taskVersion).toBe(1);
    expect(retried?.taskToken).toBe('token-1');

    // A resumed workflow read version 0 before the retry: its token is attached to version 1.
    const resumed = { jobId, component: 'train_0', taskToken: 'token-2', taskVersion: 0, startTime: NOW + 5 };
    expect(await store.attachComponentRun(resumed)).toEqual({ ...retried, taskToken: 'token-2' });
    expect(await store.getComponentRun(jobId, 'train_0')).toEqual({ ...retried, taskToken: 'token-2' });

    // A later step (a rerun's version 2) takes the run over whole.
    const rerun = { jobId, component: 'train_0', taskToken: 'token-3', taskVersion: 2, startTime: NOW + 9 };
    expect(await store.attachComponentRun(rerun)).toEqual(rerun);
    expect(await store.advanceComponentRun({ jobId, component: 'train_0', from: 1, to: 2 }, NOW + 10)).toBe(false);
    expect(await store.getComponentRun(jobId, 'train_0')).toEqual(rerun);
  });

  it('is created whole for a component that has none, and a second create changes nothing', async () => {
    const first = { jobId, component: 'first_0', taskToken: 'token-1', taskVersion: 0, startTime: NOW };
    expect(await store.createComponentRun(first)).toBe(true);
    expect(await store.createComponentRun({ ...first, taskToken: 'token-2', startTime: NOW + 1 })).toBe(false);
    expect(await store.getComponentRun(jobId, 'first_0')).toEqual(first);
    // A rerun's step found the component at a later version: its attach takes the run over.
    const rerun = { ...first, taskToken: 'token-3', taskVersion: 1, startTime: NOW + 2 };
    expect(await store.attachComponentRun(rerun)).toEqual(rerun);
  });

  it('has none for a component no step reached, and a retry of it moves nothing', async () => {
    expect(await store.getComponentRun(jobId, 'eval_0')).toBeUndefined();
    expect(await store.advanceComponentRun({ jobId, component: 'eval_0', from: 0, to: 1 }, NOW)).toBe(false);
    expect(await store.getComponentRun(jobId, 'eval_0')).toBeUndefined();
  });
});
