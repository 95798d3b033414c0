/**
 * Findings 5 and 7, their federation half: each parseable unsigned envelope cost two table reads
 * before its signature was checked, and "unknown party" vs a signature message told an
 * unauthenticated caller which parties a site knows. Now the signature is checked against the
 * parties' keys held in memory before any table read, and both refusals read the same.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../functions/domain/ports/peer-client.js';
import { generateSigningKey } from '../../functions/domain/signing/keys.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import {
  deliver,
  GUEST,
  HOST,
  OUTSIDER,
  type Peer,
  type RawAnswer,
  registerPeer,
  signedDelivery,
} from './support/federation-peer.js';
import { snapshotSite } from './support/store-snapshot.js';

const COUNTER = 'securityTestRequestCounter';

/** The DynamoDB commands a site's store is sent while `run` runs. */
async function storeRequests(client: DynamoDBDocumentClient, run: () => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: COUNTER },
  );
  try {
    await run();
  } finally {
    client.middlewareStack.remove(COUNTER);
  }
  return sent;
}

const outcome = (answer: RawAnswer) => [answer.status, answer.reply.retcode, answer.reply.retmsg];
const CANNOT_AUTHENTICATE = [401, 109, 'cannot authenticate the sender'];

describe("the federation endpoint's authentication", () => {
  let federation: TestFederation;
  let outsider: Peer;

  const stopAtHost = (srcPartyId: number): FederatedMessage<'job.stop'> => ({
    command: 'job.stop',
    jobId: '202611271544180000001',
    src: { role: 'guest', partyId: srcPartyId },
    dest: { role: 'host', partyId: HOST },
    body: { status: 'failed' },
  });

  beforeAll(async () => {
    federation = await startTestFederation();
    outsider = await registerPeer(federation, OUTSIDER);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it('refuses forged envelopes from unknown and known parties alike, with one message and no table read', async () => {
    const host = federation.site(HOST);
    const forgeries = [
      // Unknown party, signing with a key of its own.
      () => signedDelivery(federation, stopAtHost(4242), { secretKeys: [generateSigningKey().secretKey] }),
      // Unknown party, signing with the guest's real key.
      () => signedDelivery(federation, stopAtHost(4242), { signAs: GUEST }),
      // Known parties, signing with a key they never registered.
      () => signedDelivery(federation, stopAtHost(GUEST), { secretKeys: [generateSigningKey().secretKey] }),
      () => signedDelivery(federation, stopAtHost(OUTSIDER), { secretKeys: [generateSigningKey().secretKey] }),
      // A known party's message under another known party's key.
      () => signedDelivery(federation, stopAtHost(GUEST), { secretKeys: [outsider.secretKey] }),
    ];
    const deliveries = await Promise.all([...forgeries, ...forgeries].map((forge) => forge()));
    // The first delivery after the registry changed loads the parties' keys: one read, then none.
    expect(outcome(await deliver(federation, HOST, deliveries[0] as (typeof deliveries)[0]))).toEqual(
      CANNOT_AUTHENTICATE,
    );
    const before = await snapshotSite(host);

    const answers: RawAnswer[] = [];
    const requests = await storeRequests(host.table.client, async () => {
      for (const delivery of deliveries) answers.push(await deliver(federation, HOST, delivery));
    });

    expect(answers.map(outcome)).toEqual(deliveries.map(() => CANNOT_AUTHENTICATE));
    expect(requests).toEqual([]);
    expect(await snapshotSite(host)).toEqual(before);
  });

  it("knows a party registered through the site's registry at once, and its new key when it is registered again", async () => {
    const host = federation.site(HOST);
    const newcomer = await registerPeer(federation, 8888);
    const before = await snapshotSite(host);
    // Authenticated: refused only for its part in the (unknown) job, after the job's head was read.
    const unknownJob = [
      403,
      108,
      "job 202611271544180000001 is unknown here; only its initiator's job.create may come first",
    ];

    const signedBy = async (secretKey: string) =>
      outcome(
        await deliver(
          federation,
          HOST,
          await signedDelivery(federation, stopAtHost(8888), { secretKeys: [secretKey] }),
        ),
      );
    expect(await signedBy(newcomer.secretKey)).toEqual(unknownJob);

    const rotated = generateSigningKey();
    const answer = await federation.post(HOST, '/v1/party/add', {
      party_id: 8888,
      endpoint: 'https://127.0.0.1:9/party-8888',
      public_keys: [rotated.publicKey],
    });
    expect(answer.retcode).toBe(0);
    expect(await signedBy(rotated.secretKey)).toEqual(unknownJob);
    expect(await signedBy(newcomer.secretKey)).toEqual(CANNOT_AUTHENTICATE);

    const after = await snapshotSite(host);
    // Only the registry entry changed (its key and update time).
    const others = (snapshot: typeof before) => snapshot.items.filter((item) => item.SK !== 'PARTY#8888');
    expect(others(after)).toEqual(others(before));
    expect(after.items.find((item) => item.SK === 'PARTY#8888')?.publicKeys).toEqual([rotated.publicKey]);
  });
});
