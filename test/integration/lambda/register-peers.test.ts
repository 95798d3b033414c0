import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { registerPeers } from '../../../functions/lambda/register-peers.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const HOST = {
  partyId: 10000,
  endpoint: 'https://federation.party-10000.example.org',
  publicKeys: [generateSigningKey().publicKey],
};
const ARBITER = {
  partyId: 10001,
  endpoint: 'https://federation.party-10001.example.org',
  publicKeys: [generateSigningKey().publicKey],
};

describe("registerPeers: the stack's peers in the party registry at cold start", () => {
  let dynamo: LocalDynamo;
  let parties: DynamoPartyStore;

  beforeAll(async () => {
    dynamo = await startDynalite();
    parties = new DynamoPartyStore(dynamo.client, dynamo.tableName);
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('adds the peers that are missing', async () => {
    expect(await registerPeers(parties, [HOST, ARBITER], () => 1000)).toEqual([10000, 10001]);
    expect(await parties.listParties()).toEqual([
      { ...HOST, updateTime: 1000 },
      { ...ARBITER, updateTime: 1000 },
    ]);
  });

  it('leaves an identical record alone, so its update time stays', async () => {
    expect(await registerPeers(parties, [HOST, ARBITER], () => 2000)).toEqual([]);
    expect((await parties.listParties()).map((party) => party.updateTime)).toEqual([1000, 1000]);
  });

  it('replaces a peer whose endpoint or keys differ, and only that one', async () => {
    const rotated = { ...ARBITER, publicKeys: [...ARBITER.publicKeys, generateSigningKey().publicKey] };
    expect(await registerPeers(parties, [HOST, rotated], () => 3000)).toEqual([10001]);
    expect(await parties.listParties()).toEqual([
      { ...HOST, updateTime: 1000 },
      { ...rotated, updateTime: 3000 },
    ]);
  });

  it('keeps parties registered through the API that the stack does not list', async () => {
    const added = {
      partyId: 10002,
      endpoint: 'https://federation.party-10002.example.org',
      publicKeys: [],
      updateTime: 4000,
    };
    await parties.putParty(added);
    await registerPeers(parties, [HOST], () => 5000);
    expect((await parties.listParties()).map((party) => party.partyId)).toEqual([10000, 10001, 10002]);
  });
});
