import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

const PEER = {
  partyId: 10000,
  endpoint: 'https://federation.party-10000.example.org',
  publicKeys: [generateSigningKey().publicKey],
  updateTime: 1000,
};

describe("a peer's last contact in the party registry", () => {
  let dynamo: LocalDynamo;
  let parties: DynamoPartyStore;

  beforeAll(async () => {
    dynamo = await startDynalite();
    parties = new DynamoPartyStore(dynamo.client, dynamo.tableName);
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('is absent until the first verified call, then the time of the latest, with keys and endpoint unchanged', async () => {
    await parties.putParty(PEER);
    expect(await parties.getParty(PEER.partyId)).toEqual(PEER);
    await parties.recordContact(PEER.partyId, 5000);
    await parties.recordContact(PEER.partyId, 7000);
    expect(await parties.getParty(PEER.partyId)).toEqual({ ...PEER, lastContact: 7000 });
    expect(await parties.listParties()).toEqual([{ ...PEER, lastContact: 7000 }]);
  });

  it('does not bring back a party removed meanwhile', async () => {
    await parties.recordContact(10001, 8000);
    expect(await parties.getParty(10001)).toBeUndefined();
    expect(await parties.removeParty(PEER.partyId)).toBe(true);
    await parties.recordContact(PEER.partyId, 9000);
    expect(await parties.listParties()).toEqual([]);
  });

  it('starts again when the party is registered anew (new keys or endpoint)', async () => {
    await parties.putParty(PEER);
    await parties.recordContact(PEER.partyId, 10_000);
    await parties.putParty({ ...PEER, endpoint: 'https://moved.party-10000.example.org', updateTime: 11_000 });
    expect(await parties.getParty(PEER.partyId)).toEqual({
      ...PEER,
      endpoint: 'https://moved.party-10000.example.org',
      updateTime: 11_000,
    });
  });
});
