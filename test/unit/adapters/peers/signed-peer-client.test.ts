import { describe, expect, it } from '@jest/globals';
import type { PeerAnswer, PeerEndpoint, PeerTransport } from '../../../../functions/adapters/peers/peer-transport.js';
import { SignedPeerClient } from '../../../../functions/adapters/peers/signed-peer-client.js';
import type { PartyRecord, PartyStore } from '../../../../functions/domain/ports/party-store.js';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import { DELEGATION_HEADER } from '../../../../functions/domain/signing/delegation.js';
import { generateSigningKey } from '../../../../functions/domain/signing/keys.js';
import { verifyWebhook } from '../../../../functions/domain/signing/standard-webhooks.js';
import { encodeReply } from '../../../../functions/federation/codec/index.js';

const PEER: PartyRecord = { partyId: 10000, endpoint: 'https://peer.example.org', publicKeys: [], updateTime: 1 };
const parties: PartyStore = {
  getParty: async (partyId) => (partyId === PEER.partyId ? PEER : undefined),
  putParty: async () => {},
  listParties: async () => [PEER],
  removeParty: async () => false,
  recordContact: async () => {},
};
const transfer: FederatedMessage<'transfer'> = {
  command: 'transfer',
  jobId: '202601011200000000001',
  src: { role: 'guest', partyId: 9999 },
  dest: { role: 'host', partyId: 10000 },
  body: { tag: 'psi_0/0/ids', payload: { kind: 'inline', base64: 'AQ==' } },
};
const OK: PeerAnswer = { status: 200, body: encodeReply({ retcode: 0, retmsg: 'success' }) };

/** A transport that records what it was handed and answers from a script. */
function scripted(answers: PeerAnswer[]) {
  const sent: { party: number; body: Uint8Array; headers: Record<string, string> }[] = [];
  const transport: PeerTransport = {
    async post(party, body, headers) {
      sent.push({ party: party.partyId, body, headers: { ...headers } });
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no answer scripted');
      return answer;
    },
    close() {},
  };
  return { sent, transport };
}

const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('SignedPeerClient', () => {
  it("signs with the site's keys and sends no certificate", async () => {
    const site = generateSigningKey();
    const { sent, transport } = scripted([OK]);
    const client = new SignedPeerClient({ parties, signingKeys: async () => [site.secretKey], transport });

    expect(await client.call(transfer)).toEqual({ retcode: 0, retmsg: 'success' });
    const [request] = sent;
    expect(request?.headers[DELEGATION_HEADER]).toBeUndefined();
    expect(
      verifyWebhook({
        headers: request?.headers ?? {},
        body: request?.body ?? new Uint8Array(),
        publicKeys: [site.publicKey],
        nowSeconds: Math.floor(Date.now() / 1000),
      }).ok,
    ).toBe(true);
  });

  it("gets ready for a party without sending: asks for the key and the party's entry, and leaves a failure to the call", async () => {
    const asked: string[] = [];
    const { sent, transport } = scripted([OK]);
    const client = new SignedPeerClient({
      parties: {
        getParty: async (partyId) => {
          asked.push(`party ${partyId}`);
          return parties.getParty(partyId);
        },
      },
      delegatedKey: async () => {
        asked.push('key');
        throw new Error('the site refused to delegate a key: the task is not running');
      },
      transport,
    });

    client.prepare({ role: 'host', partyId: 10000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual(['key', 'party 10000']);
    expect(sent).toEqual([]);
    await expect(client.call(transfer)).rejects.toThrow('the site refused to delegate a key: the task is not running');
    expect(sent).toEqual([]);
  });

  it("has the transport open a connection to a prepared party's endpoint, and to no unknown party", async () => {
    const { transport } = scripted([]);
    const connected: PeerEndpoint[] = [];
    const client = new SignedPeerClient({
      parties,
      signingKeys: async () => [generateSigningKey().secretKey],
      transport: { ...transport, connect: (party) => connected.push(party) },
    });

    client.prepare({ role: 'host', partyId: 10000 });
    client.prepare({ role: 'host', partyId: 4242 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(connected).toEqual([PEER]);
  });

  it('signs with a delegated key, and sends its certificate with every attempt', async () => {
    const runner = generateSigningKey();
    const { sent, transport } = scripted([{ status: 503, body: new Uint8Array() }, OK]);
    const client = new SignedPeerClient({
      parties,
      delegatedKey: async () => ({ secretKey: runner.secretKey, certificate: 'v1.claims.signature' }),
      transport,
      ...fast,
    });

    expect(await client.call(transfer)).toEqual({ retcode: 0, retmsg: 'success' });
    expect(sent.map((request) => request.headers[DELEGATION_HEADER])).toEqual([
      'v1.claims.signature',
      'v1.claims.signature',
    ]);
    for (const request of sent) {
      expect(
        verifyWebhook({
          headers: request.headers,
          body: request.body,
          publicKeys: [runner.publicKey],
          nowSeconds: Math.floor(Date.now() / 1000),
        }).ok,
      ).toBe(true);
    }
  });

  it("retries a 429 (the peer's gateway throttling) as it retries a 5xx, and returns any other 4xx at once", async () => {
    const site = generateSigningKey();
    const throttled = scripted([
      { status: 429, body: new TextEncoder().encode('{"message":"Too Many Requests"}') },
      OK,
    ]);
    const retried = new SignedPeerClient({
      parties,
      signingKeys: async () => [site.secretKey],
      transport: throttled.transport,
      ...fast,
    });
    expect(await retried.call(transfer)).toEqual({ retcode: 0, retmsg: 'success' });
    expect(throttled.sent).toHaveLength(2);

    const refused = scripted([{ status: 401, body: encodeReply({ retcode: 109, retmsg: 'no' }) }]);
    const answered = new SignedPeerClient({
      parties,
      signingKeys: async () => [site.secretKey],
      transport: refused.transport,
    });
    expect(await answered.call(transfer)).toEqual({ retcode: 109, retmsg: 'no' });
    expect(refused.sent).toHaveLength(1);
  });
});
