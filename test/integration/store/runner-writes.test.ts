import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDocumentClient } from '../../../functions/adapters/dynamodb/client.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { RUNNER_WRITTEN_ATTRIBUTES } from '../../../functions/adapters/dynamodb/runner-writes.js';
import { DynamoTrackingStore } from '../../../functions/adapters/dynamodb/tracking-store.js';
import { DynamoTransferStore } from '../../../functions/adapters/dynamodb/transfer-store.js';
import { httpClientTo, type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord, newJobId, taskRecord } from './records.js';

/**
 * The runner's role may write only RUNNER_WRITTEN_ATTRIBUTES (IAM dynamodb:Attributes): each of
 * its writes, made here through the stores it uses, names only those — every attribute of a put
 * item, every #name of an update or a condition, and every name written without a placeholder.
 */
let local: LocalDynamo;
let raw: DynamoDBClient;
const named: { command: string; attributes: string[] }[] = [];

/** Identifiers in an expression that are neither placeholders nor DynamoDB's functions and keywords. */
function bareNames(expression: string | undefined): string[] {
  const keywords = new Set(['SET', 'REMOVE', 'ADD', 'DELETE', 'AND', 'OR', 'NOT', 'IN', 'BETWEEN']);
  const functions =
    /^(attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size|list_append|if_not_exists)$/;
  return (expression ?? '')
    .replace(/[#:][A-Za-z0-9_]+/g, ' ')
    .split(/[^A-Za-z0-9_]+/)
    .filter((token) => token !== '' && !/^\d+$/.test(token) && !keywords.has(token) && !functions.test(token));
}

beforeAll(async () => {
  local = await startDynalite();
  raw = httpClientTo(local);
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        Item?: Record<string, unknown>;
        ExpressionAttributeNames?: Record<string, string>;
        UpdateExpression?: string;
        ConditionExpression?: string;
      };
      if (context.commandName === 'PutItemCommand' || context.commandName === 'UpdateItemCommand') {
        named.push({
          command: context.commandName,
          attributes: [
            ...Object.keys(input.Item ?? {}),
            ...Object.values(input.ExpressionAttributeNames ?? {}),
            ...bareNames(input.UpdateExpression),
            ...bareNames(input.ConditionExpression),
          ],
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordRunnerWrites' },
  );
});

afterAll(async () => {
  raw.destroy();
  await local.stop();
});

describe("the runner's writes", () => {
  it('name only the attributes its role may write', async () => {
    // The job as a site stores it (not the runner), then the runner's own writes on a recording client.
    const jobId = newJobId();
    const key = { jobId, component: 'hetero_lr_0', taskVersion: 0, role: 'guest' as const, partyId: GUEST };
    await new DynamoJobStore(local.client, local.tableName).createJob(jobRecord({ jobId }), [
      taskRecord({ jobId, component: 'hetero_lr_0', partyStatus: 'running' }),
    ]);
    const doc = createDocumentClient(raw);
    const jobs = new DynamoJobStore(doc, local.tableName);
    const tracking = new DynamoTrackingStore(doc, local.tableName);
    await jobs.recordTaskHeartbeat(key, 5);
    await tracking.putMetric({ ...key, namespace: 'train', name: 'loss', data: [[0, 0.5]], meta: { unit: 'x' } });
    await tracking.putOutput({
      ...key,
      kind: 'data',
      name: 'data',
      location: `outputs/${jobId}/hetero_lr_0/guest/${GUEST}/v0/data.csv`,
      meta: { header: 'id' },
      createTime: 6,
    });
    await tracking.putSummary({ ...key, summary: { is_converged: true } });
    await new DynamoTransferStore(doc, local.tableName).putPart(
      {
        jobId,
        src: { role: 'host', partyId: HOST },
        dest: { role: 'arbiter', partyId: HOST },
        tag: 'hetero_lr_0/0/x',
        index: 1,
        count: 1,
        bytes: Uint8Array.of(1),
      },
      Date.now() + 60_000,
    );
    await jobs.updateTaskPartyStatus(key, 'failed', { endTime: 7, elapsed: 2, errorReport: 'ValueError: x' });

    expect(named.map((write) => write.command)).toEqual([
      'UpdateItemCommand',
      'PutItemCommand',
      'PutItemCommand',
      'PutItemCommand',
      // The job's transfer quota, counted up before the part is put.
      'UpdateItemCommand',
      'PutItemCommand',
      'UpdateItemCommand',
    ]);
    const allowed = new Set<string>(RUNNER_WRITTEN_ATTRIBUTES);
    const outside = named.flatMap((write) => write.attributes.filter((attribute) => !allowed.has(attribute)));
    expect(outside).toEqual([]);
    // And the list holds nothing these writes do not name: it is exactly what a runner writes.
    expect(new Set(named.flatMap((write) => write.attributes))).toEqual(allowed);
  });
});
