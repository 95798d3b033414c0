import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoNonceStore } from '../../../functions/adapters/dynamodb/nonce-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoNonceStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoNonceStore(local.client, local.tableName, { now: () => NOW });
});

afterAll(async () => {
  await local.stop();
});

describe('app-key NONCEs', () => {
  it('refuses a pair seen before until its record expires; the same NONCE under another app key is new', async () => {
    expect(await store.rememberNonce('app-1', 'n-1', NOW + 1)).toBe('new');
    expect(await store.rememberNonce('app-1', 'n-1', NOW + 60_000)).toBe('seen');
    expect(await store.rememberNonce('app-2', 'n-1', NOW + 1)).toBe('new');
    expect(await store.rememberNonce('app-1', 'n-2', NOW - 1)).toBe('new');
    expect(await store.rememberNonce('app-1', 'n-2', NOW + 1)).toBe('new');
  });

  it('keeps "#" in an app key or NONCE from making two pairs one', async () => {
    expect(await store.rememberNonce('a#b', 'c', NOW + 1)).toBe('new');
    expect(await store.rememberNonce('a', 'b#c', NOW + 1)).toBe('new');
  });

  it('stores the pair with its expiry and the epoch-seconds TTL attribute', async () => {
    await store.rememberNonce('app-1', 'n-ttl', NOW + 60_500);
    const { Item: item } = await local.client.send(
      new GetCommand({ TableName: local.tableName, Key: { PK: 'NONCE#app-1#n-ttl', SK: 'NONCE' } }),
    );
    expect(item).toEqual({
      PK: 'NONCE#app-1#n-ttl',
      SK: 'NONCE',
      type: 'nonce',
      expiresAt: NOW + 60_500,
      ttl: Math.ceil((NOW + 60_500) / 1000),
    });
  });
});
