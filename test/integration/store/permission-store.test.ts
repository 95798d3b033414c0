import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoPermissionStore } from '../../../functions/adapters/dynamodb/permission-store.js';
import type { Grant } from '../../../functions/domain/ports/permission-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

let local: LocalDynamo;
let store: DynamoPermissionStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoPermissionStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

const component = (partyId: number, name: string): Grant => ({ partyId, type: 'component', component: name });
const dataset = (partyId: number, namespace: string, name: string): Grant => ({
  partyId,
  type: 'dataset',
  namespace,
  name,
});

describe('grants', () => {
  it('lists what a party was granted, components first, and nothing for another party', async () => {
    await store.grant([
      dataset(10000, 'experiment', 'breast_hetero_host'),
      component(10000, 'heterolr'),
      component(10000, 'reader'),
      component(10001, '*'),
    ]);

    expect(await store.listGrants(10000)).toEqual([
      component(10000, 'heterolr'),
      component(10000, 'reader'),
      dataset(10000, 'experiment', 'breast_hetero_host'),
    ]);
    expect(await store.listGrants(10001)).toEqual([component(10001, '*')]);
    expect(await store.listGrants(42)).toEqual([]);
  });

  it('grants idempotently: granting twice keeps one grant', async () => {
    await store.grant([component(20000, 'heterolr')]);
    await store.grant([component(20000, 'heterolr'), component(20000, 'heterolr')]);

    expect(await store.listGrants(20000)).toEqual([component(20000, 'heterolr')]);
  });

  it('revokes and counts only the grants that were there', async () => {
    await store.grant([component(30000, 'heterolr'), dataset(30000, 'ns', 'a'), dataset(30000, 'ns', 'b')]);

    expect(
      await store.revoke([
        component(30000, 'heterolr'),
        component(30000, 'heterolr'),
        dataset(30000, 'ns', 'a'),
        component(30000, 'reader'),
      ]),
    ).toBe(2);
    expect(await store.revoke([component(30000, 'heterolr')])).toBe(0);

    expect(await store.listGrants(30000)).toEqual([dataset(30000, 'ns', 'b')]);
  });

  it('keeps dataset names that contain the key separator apart', async () => {
    await store.grant([dataset(40000, 'a#b', 'c'), dataset(40000, 'a', 'b#c')]);

    expect(await store.revoke([dataset(40000, 'a', 'b#c')])).toBe(1);

    expect(await store.listGrants(40000)).toEqual([dataset(40000, 'a#b', 'c')]);
  });
});
