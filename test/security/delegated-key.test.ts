import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../functions/domain/ports/peer-client.js';
import {
  DELEGATION_HEADER,
  DELEGATION_LIFETIME_SECONDS,
  type DelegationClaims,
  issueDelegation,
} from '../../functions/domain/signing/delegation.js';
import { generateSigningKey } from '../../functions/domain/signing/keys.js';
import { exampleJob } from '../fixtures/jobs.js';
import { deliver, type RawDelivery, signedDelivery } from '../integration/federation/raw-delivery.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../support/local-federation.js';

const GUEST = 9999;
const HOST = 10000;

/**
 * Finding 5: a runner holds no site key, only a key its site delegated to its one task. A
 * compromised component that has that key (and its certificate) can sign nothing but its task's
 * transfers: every other use is refused before anything is written at the receiver.
 */
describe("a compromised runner's delegated key at a peer's federation endpoint", () => {
  let federation: TestFederation;
  let jobId: string;
  let otherJobId: string;
  const runnerKey = generateSigningKey();
  let claims: DelegationClaims;

  const transfer = (overrides: Partial<FederatedMessage<'transfer'>> = {}, tag = 'intersection_0/0/ids') =>
    ({
      command: 'transfer',
      jobId,
      src: { role: 'host', partyId: HOST },
      dest: { role: 'guest', partyId: GUEST },
      body: { tag, payload: { kind: 'inline', base64: Buffer.from('[1,2,3]').toString('base64') } },
      ...overrides,
    }) as FederatedMessage<'transfer'>;

  /** Signed by the runner's key, with a certificate the host site issued (or `certificate`). */
  async function delegated(message: FederatedMessage, certificate?: string): Promise<RawDelivery> {
    const delivery = await signedDelivery(federation, message, { secretKeys: [runnerKey.secretKey] });
    const hostKeys = await federation.site(HOST).services.signingKeys.secretKeys();
    return {
      ...delivery,
      headers: { ...delivery.headers, [DELEGATION_HEADER]: certificate ?? issueDelegation(claims, hostKeys) },
    };
  }

  beforeAll(async () => {
    federation = await startTestFederation();
    const { dsl, conf } = exampleJob('hetero-lr');
    for (const target of ['job', 'other'] as const) {
      const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
      expect(submitted.retcode).toBe(0);
      if (target === 'job') jobId = String(submitted.jobId);
      else otherJobId = String(submitted.jobId);
    }
    const now = Math.floor(Date.now() / 1000);
    claims = {
      partyId: HOST,
      jobId,
      role: 'host',
      component: 'intersection_0',
      taskVersion: 0,
      publicKey: runnerKey.publicKey,
      issuedAt: now,
      notAfter: now + DELEGATION_LIFETIME_SECONDS,
    };
  });
  afterAll(async () => {
    await federation.stop();
  });

  it("carries the task's own transfer: signed by the delegated key, accepted and stored", async () => {
    const answer = await deliver(federation, GUEST, await delegated(transfer()));
    expect(answer).toEqual({ status: 200, reply: { retcode: 0, retmsg: 'success' } });
    const parts = await federation.site(GUEST).services.transfers.listParts({
      jobId,
      src: { role: 'host', partyId: HOST },
      dest: { role: 'guest', partyId: GUEST },
      tag: 'intersection_0/0/ids',
    });
    expect(parts.map((part) => new TextDecoder().decode(part.bytes))).toEqual(['[1,2,3]']);
  });

  const refusals: Array<[string, () => Promise<RawDelivery>, RegExp]> = [
    [
      'a task report (the key signs transfers only)',
      () =>
        delegated({
          command: 'task.report',
          jobId,
          src: { role: 'host', partyId: HOST },
          dest: { role: 'guest', partyId: GUEST },
          body: { component: 'intersection_0', taskVersion: 0, partyStatus: 'success' },
        }),
      /signs transfers only, not task\.report/,
    ],
    [
      'a job status',
      () =>
        delegated({
          command: 'job.status',
          jobId,
          src: { role: 'host', partyId: HOST },
          dest: { role: 'guest', partyId: GUEST },
          body: { status: 'success' },
        }),
      /signs transfers only, not job\.status/,
    ],
    ['a transfer of another job', async () => delegated(transfer({ jobId: otherJobId })), /delegated for job/],
    [
      "a transfer as another role of the party (the arbiter's)",
      () => delegated(transfer({ src: { role: 'arbiter', partyId: HOST } })),
      /delegated to host 10000, not arbiter 10000/,
    ],
    [
      "a transfer under another component's tag",
      () => delegated(transfer({}, 'hetero_lr_0/0/gradient')),
      /delegated for tags intersection_0\/0\//,
    ],
    [
      "a transfer under another version's tag (a retry's)",
      () => delegated(transfer({}, 'intersection_0/1/ids')),
      /delegated for tags intersection_0\/0\//,
    ],
    [
      'a certificate the runner signed itself',
      () => delegated(transfer(), issueDelegation(claims, [runnerKey.secretKey])),
      // A certificate that does not prove the sender gets the one refusal every unproven call gets.
      /^cannot authenticate the sender$/,
    ],
    [
      'an expired certificate',
      async () => {
        const hostKeys = await federation.site(HOST).services.signingKeys.secretKeys();
        const old = { ...claims, issuedAt: claims.issuedAt - 7200, notAfter: claims.issuedAt - 3600 };
        return delegated(transfer(), issueDelegation(old, hostKeys));
      },
      /^cannot authenticate the sender$/,
    ],
    [
      "a certificate of the host's, sent as the guest's transfer (checked against the guest's keys)",
      async () => {
        const delivery = await delegated(
          transfer({ src: { role: 'guest', partyId: GUEST }, dest: { role: 'host', partyId: HOST } }),
        );
        return { ...delivery, headers: { ...delivery.headers, 'x-test-receiver': 'host' } };
      },
      /^cannot authenticate the sender$/,
    ],
  ];

  it.each(refusals)('refuses %s with 401, and nothing changes at the receiver', async (_name, build, reason) => {
    const delivery = await build();
    // Each goes to the party its envelope names (the guest, but for the guest-sent one).
    const receiver = delivery.headers['x-test-receiver'] === undefined ? GUEST : HOST;
    const site = federation.site(receiver);
    const before = await storeSnapshot(site, federation.dataDir);
    const answer = await deliver(federation, receiver, delivery);

    expect(answer.status).toBe(401);
    expect(answer.reply.retmsg).toMatch(reason);
    expect(await storeSnapshot(site, federation.dataDir)).toEqual(before);
  });
});
