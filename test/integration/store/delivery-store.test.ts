import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDeliveryStore } from '../../../functions/adapters/dynamodb/delivery-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoDeliveryStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoDeliveryStore(local.client, local.tableName, { now: () => NOW });
});

afterAll(async () => {
  await local.stop();
});

describe('delivery records', () => {
  it('refuses a webhook id seen before until its record expires', async () => {
    expect(await store.rememberWebhook('msg_1', NOW + 1)).toBe('new');
    expect(await store.rememberWebhook('msg_1', NOW + 1)).toBe('seen');
    expect(await store.rememberWebhook('msg_2', NOW - 1)).toBe('new');
    expect(await store.rememberWebhook('msg_2', NOW + 1)).toBe('new');
  });

  it('carries the epoch-seconds TTL attribute beside its millisecond expiry, rounded up', async () => {
    await store.rememberWebhook('msg_ttl', NOW + 600_500);
    const { Item: item } = await local.client.send(
      new GetCommand({ TableName: local.tableName, Key: { PK: 'WEBHOOK#msg_ttl', SK: 'WEBHOOK' } }),
    );

    expect([item?.expiresAt, item?.ttl]).toEqual([NOW + 600_500, Math.ceil((NOW + 600_500) / 1000)]);
  });
});
