import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoExecutionStore } from '../../../functions/adapters/dynamodb/execution-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { executionItemKey, runningExecutionItemKey } from '../../../functions/adapters/dynamodb/keys.js';
import type { ExecutionRecord } from '../../../functions/domain/ports/execution-store.js';
import { executionName } from '../../../functions/domain/ports/orchestrator.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoExecutionStore;
let jobs: DynamoJobStore;
let next = 0;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoExecutionStore(local.client, local.tableName);
  jobs = new DynamoJobStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

function execution(run = 1, startTime = NOW): ExecutionRecord {
  next += 1;
  const jobId = `2026010112000000${String(next).padStart(5, '0')}`;
  return { jobId, run, name: executionName(jobId, run), status: 'RUNNING', input: { jobId }, startTime };
}

async function stopAll(): Promise<void> {
  for (const running of await store.runningExecutions()) {
    await store.endExecution(running.jobId, running.run, 'ABORTED', NOW);
  }
}

describe('the local workflow’s executions in the site’s table', () => {
  it('stores an execution RUNNING, starts a name once, and lists it until it ends', async () => {
    const first = execution();
    const rerun: ExecutionRecord = { ...first, run: 2, name: executionName(first.jobId, 2), startTime: NOW + 1 };

    expect(await store.createExecution(first)).toBe('created');
    expect(await store.createExecution({ ...first, startTime: NOW + 5 })).toBe('exists');
    expect(await store.createExecution(rerun)).toBe('created');

    expect(await store.getExecution(first.jobId, 1)).toEqual(first);
    expect((await store.runningExecutions()).map((e) => e.name)).toEqual([first.jobId, `${first.jobId}-r2`]);

    expect(await store.endExecution(first.jobId, 1, 'SUCCEEDED', NOW + 10)).toBe(true);
    expect(await store.getExecution(first.jobId, 1)).toEqual({ ...first, status: 'SUCCEEDED', stopTime: NOW + 10 });
    expect((await store.runningExecutions()).map((e) => e.name)).toEqual([`${first.jobId}-r2`]);
    await stopAll();
  });

  it('never overwrites an end: a second end changes nothing and answers false', async () => {
    const record = execution();
    await store.createExecution(record);

    expect(await store.endExecution(record.jobId, 1, 'ABORTED', NOW + 1)).toBe(true);
    expect(await store.endExecution(record.jobId, 1, 'FAILED', NOW + 2)).toBe(false);
    expect(await store.endExecution(record.jobId, 7, 'FAILED', NOW + 2)).toBe(false);

    expect(await store.getExecution(record.jobId, 1)).toEqual({ ...record, status: 'ABORTED', stopTime: NOW + 1 });
    expect(await store.getExecution(record.jobId, 7)).toBeUndefined();
  });

  it('keeps each component’s token and retries until the execution ends, then removes them', async () => {
    const record = execution();
    await store.createExecution(record);
    const { jobId } = record;
    await store.saveComponentWait({ jobId, run: 1, component: 'reader_0', taskToken: 'token-1', retries: [0] });
    await store.saveComponentWait({ jobId, run: 1, component: 'hetero_lr#0', taskToken: 'token-2', retries: [0] });
    await store.saveComponentWait({ jobId, run: 1, component: 'hetero_lr#0', retries: [2] });

    expect(await store.componentWaits(jobId, 1)).toEqual([
      { jobId, run: 1, component: 'hetero_lr#0', retries: [2] },
      { jobId, run: 1, component: 'reader_0', taskToken: 'token-1', retries: [0] },
    ]);
    expect(await store.componentWaits(jobId, 2)).toEqual([]);

    await store.endExecution(jobId, 1, 'FAILED', NOW + 1);
    expect(await store.componentWaits(jobId, 1)).toEqual([]);
  });

  it('drops a marker left by a crash between the marker and the execution, or after the end', async () => {
    const orphan = execution();
    const ended = execution();
    await store.createExecution(orphan);
    await store.createExecution(ended);
    // A crash before the execution item was written (the marker goes first) …
    await local.client.send(new DeleteCommand({ TableName: local.tableName, Key: executionItemKey(orphan.jobId, 1) }));
    // … and one after the end was written but before the marker was removed.
    await store.endExecution(ended.jobId, 1, 'SUCCEEDED', NOW + 1);
    await local.client.send(
      new PutCommand({
        TableName: local.tableName,
        Item: { ...runningExecutionItemKey(ended.jobId, 1), type: 'runningExecution', jobId: ended.jobId, run: 1 },
      }),
    );

    expect(await store.runningExecutions()).toEqual([]);
    for (const key of [runningExecutionItemKey(orphan.jobId, 1), runningExecutionItemKey(ended.jobId, 1)]) {
      expect((await local.client.send(new GetCommand({ TableName: local.tableName, Key: key }))).Item).toBeUndefined();
    }
  });

  it('lives beside the job’s records without showing among its tasks or job records', async () => {
    const record = execution();
    await store.createExecution(record);
    await store.saveComponentWait({ jobId: record.jobId, run: 1, component: 'a', taskToken: 't', retries: [] });

    expect(await jobs.getJobRecords(record.jobId)).toEqual([]);
    expect(await jobs.listTasks(record.jobId)).toEqual([]);
    await stopAll();
  });
});
