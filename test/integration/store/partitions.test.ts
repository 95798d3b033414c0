import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDelegationStore } from '../../../functions/adapters/dynamodb/delegation-store.js';
import { DynamoDeliveryStore } from '../../../functions/adapters/dynamodb/delivery-store.js';
import { DynamoExecutionStore } from '../../../functions/adapters/dynamodb/execution-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoModelStore } from '../../../functions/adapters/dynamodb/model-store.js';
import { DynamoNonceStore } from '../../../functions/adapters/dynamodb/nonce-store.js';
import {
  leadingKeyPattern,
  PARTITIONS,
  type PartitionFamily,
} from '../../../functions/adapters/dynamodb/partitions.js';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import { DynamoPermissionStore } from '../../../functions/adapters/dynamodb/permission-store.js';
import { DynamoResourceStore } from '../../../functions/adapters/dynamodb/resource-store.js';
import { DynamoTableStore } from '../../../functions/adapters/dynamodb/table-store.js';
import { DynamoTrackingStore } from '../../../functions/adapters/dynamodb/tracking-store.js';
import { DynamoTransferStore } from '../../../functions/adapters/dynamodb/transfer-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord, newJobId, tableRecord, taskRecord } from './records.js';

/**
 * The IAM policies name the table's partitions by family (dynamodb:LeadingKeys): an item whose PK
 * fits no family would be out of every role's reach in AWS, and a family no item uses is a stale
 * grant. Every store writes here once; the table then holds every family, and only them.
 */
let local: LocalDynamo;

beforeAll(async () => {
  local = await startDynalite();
});

afterAll(async () => {
  await local.stop();
});

const matches = (pk: string, family: PartitionFamily): boolean => {
  const pattern = leadingKeyPattern(family);
  return pattern.endsWith('*') ? pk.startsWith(pattern.slice(0, -1)) : pk === pattern;
};

describe('the partition families of the table', () => {
  it('hold every item every store writes, and each family is used', async () => {
    const { client, tableName } = local;
    const jobId = newJobId();
    const task = taskRecord({ jobId, component: 'reader_0' });
    await new DynamoJobStore(client, tableName).createJob(jobRecord({ jobId }), [task]);
    await new DynamoJobStore(client, tableName).attachComponentRun({
      jobId,
      component: 'reader_0',
      taskToken: 't',
      taskVersion: 0,
      startTime: 1,
    });
    await new DynamoTableStore(client, tableName).putTable(tableRecord({ jobId }));
    await new DynamoTrackingStore(client, tableName).putMetric({
      jobId,
      component: 'reader_0',
      role: 'guest',
      partyId: GUEST,
      namespace: 'train',
      name: 'loss',
      data: [[0, 1]],
      meta: {},
    });
    await new DynamoResourceStore(client, tableName).ensurePool({ name: 'default', cores: 4, memory: 0, nodes: 1 });
    await new DynamoPermissionStore(client, tableName).grant([{ partyId: HOST, type: 'component', component: '*' }]);
    await new DynamoPartyStore(client, tableName).putParty({
      partyId: HOST,
      endpoint: 'https://peer.example.org',
      publicKeys: [],
      updateTime: 1,
    });
    const deliveries = new DynamoDeliveryStore(client, tableName);
    await deliveries.rememberWebhook('msg_1', Date.now() + 60_000);
    await deliveries.storeReply('m-1', { retcode: 0, retmsg: 'success' }, Date.now() + 60_000);
    await new DynamoTransferStore(client, tableName).putPart(
      {
        jobId,
        src: { role: 'host', partyId: HOST },
        dest: { role: 'guest', partyId: GUEST },
        tag: 'reader_0/0/x',
        index: 1,
        count: 1,
        bytes: Uint8Array.of(1),
      },
      Date.now() + 60_000,
    );
    await new DynamoDelegationStore(client, tableName).putTicket(
      { task, workerId: 'w', ticketHash: '00', createTime: 1 },
      Date.now() + 60_000,
    );
    await new DynamoModelStore(client, tableName).putBinding({
      serviceId: 'svc',
      modelId: 'guest-1#model',
      modelVersion: jobId,
      role: 'guest',
      partyId: GUEST,
      bindTime: 1,
    });
    await new DynamoNonceStore(client, tableName).rememberNonce('app-key', 'nonce-1', Date.now() + 60_000);
    await new DynamoExecutionStore(client, tableName).createExecution({
      jobId,
      run: 1,
      name: jobId,
      status: 'RUNNING',
      input: { jobId },
      startTime: 1,
    });

    const items = (await client.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    const families = Object.keys(PARTITIONS) as PartitionFamily[];
    const homeless = items.map((item) => String(item.PK)).filter((pk) => !families.some((f) => matches(pk, f)));
    expect(homeless).toEqual([]);
    const used = families.filter((family) => items.some((item) => matches(String(item.PK), family)));
    expect(used).toEqual(families);
  });
});
