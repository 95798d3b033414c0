import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CONTACT_UPDATE } from '../../functions/adapters/dynamodb/party-store.js';
import type { JsonObject } from '../../functions/domain/job/deep-merge.js';
import type { PeerReply } from '../../functions/domain/ports/peer-client.js';
import { generateSigningKey } from '../../functions/domain/signing/keys.js';
import { signWebhook } from '../../functions/domain/signing/standard-webhooks.js';
import { decodeReply, encodeEnvelope } from '../../functions/federation/codec/index.js';
import type { LocalSite } from '../../local/site/local-site.js';
import { exampleJob } from '../fixtures/jobs.js';
import { fuzzRuns } from '../support/fuzz-runs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { apiEvent } from '../unit/api/support/api-events.js';
import { describeEnvelope, federationEnvelopes } from './support/federation-envelopes.js';
import type { FederationTargets } from './support/federation-targets.js';
import type { Loose } from './support/hostile-json.js';
import { snapshotSite } from './support/store-snapshot.js';
import { observeWrites, outsideAccepted, type WriteObserver } from './support/write-observer.js';

/**
 * The federation receiver under 1,000 generated envelopes (`FUZZ_FULL=1`, a sample otherwise:
 * fuzz-runs.ts; with the 9,000 requests of fuzz-user-api.test.ts, the 10,000 bodies of issue #10's
 * acceptance; an envelope costs about eight user requests: a signature to verify and some six store
 * calls). Nearly all are signed with the real Ed25519 key of a registered peer (10000, host and
 * arbiter of the guest's job), so they pass the signature and reach the command handlers: every command, about the guest's job, the peer's
 * own jobs or anything, with hostile ids, enums, times, task versions (below 10^6: larger ones are
 * the codec's to refuse) and bodies. No answer is a 5xx, and a refused command writes nothing at
 * either site but its delivery records (webhook id and stored answer, which every checked message
 * leaves so that a replay is refused). At the end both whole stores are compared with their state
 * before, leaving out only what accepted commands wrote.
 */

/** 1,000 with FUZZ_FULL=1; a sample of 250 in `npm test`. */
const FEDERATION_RUNS = fuzzRuns(250, 1000);
const GUEST = 9999;
const HOST = 10000;

/** A delivery's records, and the one attribute it sets on its proven sender's registry entry. */
const isDelivery = (pk: string, input: Readonly<Record<string, unknown>>) =>
  /^(WEBHOOK|MESSAGE)#/.test(pk) || (pk === 'PARTIES' && input.UpdateExpression === CONTACT_UPDATE);

/** The scheduling demo as the peer's own job: it is the initiator (guest), the guest site its host. */
function peerJob(): { dsl: { components: Record<string, Loose> }; conf: Loose } {
  const read = (file: string) =>
    JSON.parse(readFileSync(new URL(`../../examples/scheduling-demo/${file}`, import.meta.url), 'utf8')) as Loose;
  const conf = read('conf.json') as Record<string, Loose>;
  return {
    dsl: read('dsl.json') as { components: Record<string, Loose> },
    conf: {
      ...conf,
      initiator: { role: 'guest', party_id: HOST },
      role: { guest: [HOST], host: [GUEST], arbiter: [HOST] },
    },
  };
}

describe('the federation receiver, fuzzed', () => {
  let federation: TestFederation;
  let sites: LocalSite[];
  let guest: LocalSite;
  let targets: FederationTargets;
  let peerKeys: readonly string[];

  const deliver = async (body: Uint8Array, headers: Record<string, string>) => {
    const result = await guest.handlers.federation(
      apiEvent({
        path: '/v1/federation',
        headers: { ...headers, 'content-type': 'application/x-protobuf' },
        body: Buffer.from(body),
      }),
    );
    const reply: PeerReply = decodeReply(new Uint8Array(Buffer.from(result.body ?? '', 'base64')));
    return { status: result.statusCode ?? 0, reply };
  };

  beforeAll(async () => {
    // FATE's and the test components' schemas: the peer's own job is the scheduling demo.
    federation = await startTestFederation({ testComponents: true });
    guest = federation.site(GUEST);
    sites = [guest, federation.site(HOST)];
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    peerKeys = await federation.site(HOST).services.signingKeys.secretKeys();
    const peer = peerJob();
    targets = {
      jobId: String(submitted.jobId),
      peerJobIds: ['202612010000000000001', '202612010000000000002'],
      components: [...Object.keys(dsl.components as object), ...Object.keys(peer.dsl.components)],
      sender: HOST,
      receiver: GUEST,
      peerJob: peer,
    };
    // The peer's first job exists from the start, so that its commands reach their handlers at once.
    const created = encodeEnvelope({
      command: 'job.create',
      jobId: targets.peerJobIds[0] ?? '',
      src: { role: 'guest', partyId: HOST },
      dest: { role: 'host', partyId: GUEST },
      body: { dsl: peer.dsl as JsonObject, runtimeConf: peer.conf as JsonObject, createTime: Date.now() },
      messageId: 'fuzz-setup',
      createdTime: Date.now(),
    });
    const headers = signWebhook({
      id: 'fuzz_setup',
      timestamp: Math.floor(Date.now() / 1000),
      body: created,
      secretKeys: peerKeys,
    });
    expect((await deliver(created, { ...headers })).reply.retcode).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it(`answers ${FEDERATION_RUNS} generated envelopes without a 5xx, and refused ones write nothing`, async () => {
    const before = await Promise.all(sites.map((site) => snapshotSite(site, { exceptDeliveries: true })));
    const observers: WriteObserver[] = sites.map((site) => observeWrites(site, isDelivery));
    const acceptedWrites = new Set<string>();
    const tally = { accepted: 0, refused: 0, authenticated: 0, reachedHandlers: 0 };
    const signing = fc.oneof(
      { arbitrary: fc.constant('peer key'), weight: 18 },
      { arbitrary: fc.constantFrom('unknown key', 'no signature', 'garbage body'), weight: 1 },
    );
    const strangerKey = generateSigningKey().secretKey;
    let sent = 0;
    try {
      await fc.assert(
        fc.asyncProperty(federationEnvelopes(targets), signing, async (envelope, how) => {
          for (const observer of observers) observer.reset();
          sent += 1;
          const body = how === 'garbage body' ? envelope.subarray(0, Math.floor(envelope.length / 2)) : envelope;
          const signed = signWebhook({
            id: `fuzz_${sent}`,
            timestamp: Math.floor(Date.now() / 1000),
            body,
            secretKeys: how === 'unknown key' ? [strangerKey] : peerKeys,
          });
          const headers: Record<string, string> = how === 'no signature' ? {} : { ...signed };
          const answer = await deliver(body, headers);
          await Promise.all(sites.map((site) => site.services.background.drain()));
          const writes = observers.flatMap((observer) => observer.writes);
          const shown = describeEnvelope(body);
          expect({ shown, status: answer.status < 500 ? 'below 500' : answer }).toEqual({ shown, status: 'below 500' });
          if (answer.status !== 401) tally.authenticated += 1;
          if (answer.status === 200) tally.reachedHandlers += 1;
          if (answer.status >= 400 || answer.reply.retcode !== 0) {
            tally.refused += 1;
            expect({ shown, answer, writes }).toEqual({ shown, answer, writes: [] });
          } else {
            tally.accepted += 1;
            for (const write of writes) acceptedWrites.add(write);
          }
        }),
        { numRuns: FEDERATION_RUNS, endOnFailure: true },
      );
    } finally {
      for (const observer of observers) observer.detach();
    }
    const after = await Promise.all(sites.map((site) => snapshotSite(site, { exceptDeliveries: true })));
    expect(after.map((snapshot) => outsideAccepted(snapshot, acceptedWrites))).toEqual(
      before.map((snapshot) => outsideAccepted(snapshot, acceptedWrites)),
    );
    expect(tally.accepted + tally.refused).toBe(FEDERATION_RUNS);
    // The generator's aim, checked loosely enough for any seed (fast-check draws a new one every
    // run): most envelopes are authenticated (decoded, from a known party, signature verified: 401
    // otherwise), a good part reach a command handler's answer (the others are refused by the checks
    // before it, as they should be: about a sixth of the task commands carry a task version past the
    // key width, refused at decode), some are accepted. Of 250: 59 reached a
    // handler in the lowest run seen, 28 accepted in one; the floors sit well below both.
    expect(tally.authenticated).toBeGreaterThan(FEDERATION_RUNS * 0.5);
    expect(tally.reachedHandlers).toBeGreaterThan(FEDERATION_RUNS * 0.15);
    expect(tally.accepted).toBeGreaterThan(FEDERATION_RUNS * 0.02);
  }, 300_000);
});
