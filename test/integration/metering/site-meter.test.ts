import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../client/flow-client.js';
import { parseFederationConfig } from '../../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../../local/federation/local-federation.js';
import { diffCounts, lambdaRequests } from '../../../local/metering/meter-counts.js';
import { SiteMeter } from '../../../local/metering/site-meter.js';
import { LocalOrchestrator } from '../../../local/workflow/local-orchestrator.js';
import { seedTestTls } from '../../support/test-tls.js';

const TOKEN = 'meter-test-token-0123456789';
const PARTY = 9999;

let dataDir: string;
let federation: LocalFederation;
const meter = new SiteMeter();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-meter-'));
  await seedTestTls(dataDir, [PARTY]);
  federation = await startLocalFederation(
    parseFederationConfig({ sites: [{ party_id: PARTY }], test_components: true }),
    {
      dataDir,
      persistent: false,
      auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
      // No sweeps: what a test does is all that is counted.
      loops: { scheduleEveryMs: 3_600_000, detectEveryMs: 3_600_000 },
      meters: new Map([[PARTY, meter]]),
    },
  );
});

afterAll(async () => {
  await federation.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** DynamoDB's item size: attribute names plus string values, in UTF-8 bytes (all ASCII here). */
function itemSize(item: Record<string, string>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
}

describe('a metered local site', () => {
  it('counts each user API request as one API Gateway request and one Lambda invocation', async () => {
    const client = new FlowClient({ url: federation.site(PARTY).apiUrl, token: TOKEN });
    const before = meter.snapshot();
    for (let i = 0; i < 7; i += 1) expect((await client.post('/v1/version/get', {})).retcode).toBe(0);
    const counts = diffCounts(meter.snapshot(), before);
    expect(counts.apiRequests).toBe(7);
    expect(counts.federationRequests).toBe(0);
    expect(counts.lambda.api.requests).toBe(7);
    expect(counts.lambda.api.runs).toBe(7);
    expect(lambdaRequests(counts)).toBe(7);
    expect(counts.stateTransitions).toBe(0);
  });

  it('counts a put of a 2,500-byte item as 3 WCUs, and a query reading it as one 4 KB read', async () => {
    const { client, tableName } = federation.site(PARTY).table;
    const item = { PK: 'METER#1', SK: 'ITEM', data: '' };
    item.data = 'x'.repeat(2500 - itemSize(item));
    expect(itemSize(item)).toBe(2500);
    const before = meter.snapshot();
    await client.send(new PutCommand({ TableName: tableName, Item: item }));
    await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'METER#1' },
        ConsistentRead: true,
      }),
    );
    const counts = diffCounts(meter.snapshot(), before);
    expect(counts.dynamodb).toEqual({ requests: 2, wcu: 3, rcu: 1, failedConditionalWrites: 0 });
    expect(counts.indexWcu).toBe(0);
  });

  it('counts index writes by DynamoDB rules: on entry, on a projected change, not on others, on delete', async () => {
    const { client, tableName } = federation.site(PARTY).table;
    const key = { PK: 'METER#2', SK: 'JOB#guest#9999' };
    const item = { ...key, jobsPK: 'JOBS', jobsSK: '000000000000001#meter', status: 'waiting', big: 'y'.repeat(3000) };
    const indexWcu = async (write: () => Promise<unknown>) => {
      const before = meter.snapshot();
      await write();
      return diffCounts(meter.snapshot(), before).indexWcu;
    };
    // jobsByTime projects keys, jobId, role, partyId, status, description, createTime: `big` is not in it.
    expect(await indexWcu(() => client.send(new PutCommand({ TableName: tableName, Item: item })))).toBe(1);
    const update = (set: string, value: string) =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET #a = :v`,
          ExpressionAttributeNames: { '#a': set },
          ExpressionAttributeValues: { ':v': value },
        }),
      );
    expect(await indexWcu(() => update('big', 'z'.repeat(3000)))).toBe(0);
    expect(await indexWcu(() => update('status', 'running'))).toBe(1);
    expect(await indexWcu(() => update('jobsSK', '000000000000002#meter'))).toBe(2);
    expect(await indexWcu(() => client.send(new DeleteCommand({ TableName: tableName, Key: key })))).toBe(1);
  });

  it('counts a refused conditional write at 1 WCU', async () => {
    const { client, tableName } = federation.site(PARTY).table;
    const before = meter.snapshot();
    await expect(
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: { PK: 'METER#1', SK: 'ITEM' },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ).rejects.toThrow('conditional request failed');
    const counts = diffCounts(meter.snapshot(), before);
    expect(counts.dynamodb).toEqual({ requests: 1, wcu: 1, rcu: 0, failedConditionalWrites: 1 });
  });

  it('counts a two-stage job: the states the ASL walks, one invocation per step, both runners', async () => {
    const client = new FlowClient({ url: federation.site(PARTY).apiUrl, token: TOKEN });
    const before = meter.snapshot();
    const submitted = await client.post('/v1/job/submit', {
      job_dsl: {
        components: {
          a_0: { module: 'PassThrough', output: { data: ['data'] } },
          b_0: { module: 'PassThrough', input: { data: { data: ['a_0.data'] } }, output: { data: ['data'] } },
        },
      },
      job_runtime_conf: {
        dsl_version: 2,
        initiator: { role: 'guest', party_id: PARTY },
        role: { guest: [PARTY] },
        job_parameters: { common: { task_cores: 1 } },
      },
    });
    expect(submitted.retcode).toBe(0);
    const jobId = String(submitted.jobId);
    const orchestrator = federation.site(PARTY).services.orchestrator;
    if (!(orchestrator instanceof LocalOrchestrator)) throw new Error('a local site runs the local orchestrator');
    await waitUntil(() => meter.snapshot().lambda.finishJob.requests > before.lambda.finishJob.requests);
    await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
    await waitUntil(() => meter.snapshot().tasks.length === before.tasks.length + 2);
    // Each task's end reaches taskExits twice, as in AWS: the runner's TaskEnded, then its exit.
    await waitUntil(() => meter.snapshot().lambda.taskExits.requests === before.lambda.taskExits.requests + 4);
    const counts = diffCounts(meter.snapshot(), before);
    // LoadPlan, Stages (Map), per stage: Components (Map) + its one RunComponent, FinishJob, JobSucceeded.
    expect(counts.stateTransitions).toBe(1 + 1 + 2 * (1 + 1) + 1 + 1);
    expect(counts.lambda.loadPlan.requests).toBe(1);
    expect(counts.lambda.runComponent.requests).toBe(2);
    expect(counts.lambda.finishJob.requests).toBe(1);
    expect(counts.lambda.failJob.requests).toBe(0);
    expect(counts.lambda.taskExits.requests).toBe(4);
    expect(counts.tasks.map((task) => task.cores)).toEqual([1, 1]);
    // The runners' own requests, written by each process at exit (both end before their first
    // 10 s heartbeat): what PassThrough reads and writes, the same on every run.
    expect(counts.runnerDynamodb).toEqual({ requests: 9, rcu: 5, wcu: 4, failedConditionalWrites: 0 });
    expect(counts.runnerObjects).toEqual({ puts: 2, gets: 1, deletes: 0 });
  }, 20_000);
});

async function waitUntil(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
