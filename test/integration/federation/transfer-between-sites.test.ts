import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { TransferValue } from '../../../runner/components/component.js';
import { createFederationChannel } from '../../../runner/context/federation-channel.js';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';

const GUEST: PartyRef = { role: 'guest', partyId: 9999 };
const HOST: PartyRef = { role: 'host', partyId: 10000 };
const ARBITER: PartyRef = { role: 'arbiter', partyId: 10000 };
const ROLES = { guest: [9999], host: [10000], arbiter: [10000] };

/**
 * A task's channel as its runner builds it, over the real parts of its site: the site's signed
 * HTTPS peer client (its keys, the local CA) and the site's own store of received values.
 */
function channelAt(federation: TestFederation, self: PartyRef, jobId: string) {
  const { services } = federation.site(self.partyId);
  return createFederationChannel({
    task: { jobId, component: 'exchange_0', taskVersion: 0, ...self },
    roles: ROLES,
    peers: services.peers,
    transfers: services.transfers,
  });
}

describe('the data plane between two sites over signed HTTPS', () => {
  let federation: TestFederation;
  let jobId: string;

  beforeAll(async () => {
    federation = await startTestFederation();
    const { dsl, conf } = exampleJob('hetero-lr');
    const answer = await federation.post(9999, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(answer.retcode).toBe(0);
    jobId = String(answer.jobId);
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('carries a value of 600 KB (three parts: the bytes raw, not base64) with bigints and bytes from the guest to the host and the arbiter', async () => {
    const ciphertexts = Array.from({ length: 50 }, (_, i) => 3n ** 1300n + BigInt(i));
    const points = new Uint8Array(600_000).map((_, i) => i % 256);
    await channelAt(federation, GUEST, jobId).remote('gradients', { ciphertexts, points }, [HOST, ARBITER]);

    for (const receiver of [HOST, ARBITER]) {
      const received = (await channelAt(federation, receiver, jobId).get('gradients', GUEST)) as {
        readonly [key: string]: TransferValue;
      };
      expect(Object.keys(received)).toEqual(['ciphertexts', 'points']);
      expect(received.ciphertexts).toEqual(ciphertexts);
      // Compared as one buffer: jest's element-by-element walk of 600,000 bytes takes seconds.
      expect(received.points instanceof Uint8Array && Buffer.compare(received.points, points)).toBe(0);
    }
    const parts = await federation
      .site(10000)
      .services.transfers.listParts({ jobId, src: GUEST, dest: HOST, tag: 'exchange_0/0/gradients' });
    expect(parts.map((part) => `${part.index}/${part.count}`)).toEqual(['1/3', '2/3', '3/3']);
  }, 20_000);

  it('answers back from the host to the guest, and sends the same value again harmlessly', async () => {
    const host = channelAt(federation, HOST, jobId);
    await host.remote('answer', { ok: true, n: -5n }, [GUEST]);
    await host.remote('answer', { ok: true, n: -5n }, [GUEST]);

    expect(await channelAt(federation, GUEST, jobId).get('answer', HOST)).toEqual({ ok: true, n: -5n });
  });

  it("refuses a different value under a tag already sent, with the receiver's reason", async () => {
    const guest = channelAt(federation, GUEST, jobId);
    await guest.remote('once', 1, [HOST]);

    await expect(guest.remote('once', 2, [HOST])).rejects.toThrow(
      `host 10000 refused transfer "exchange_0/0/once": transfer "exchange_0/0/once" of job ${jobId} from guest 9999 to host 10000: part 1 of 1 is already stored with a different value`,
    );
  });

  it('is refused by a site that does not know the job', async () => {
    const unknown = '202601010000000000099';

    await expect(channelAt(federation, GUEST, unknown).remote('t', 1, [HOST])).rejects.toThrow(
      `host 10000 refused transfer "exchange_0/0/t": job ${unknown} is unknown here; only its initiator's job.create may come first`,
    );
  });
});
