import { describe, expect, it } from '@jest/globals';
import type { ApiRequest, ApiResult } from '../../../functions/api/route.js';
import { siteViewRoutes } from '../../../functions/api/routes/site-view-routes.js';
import { keyFingerprint } from '../../../functions/domain/signing/key-fingerprint.js';
import { encodePublicKey, generateSigningKey, keyId } from '../../../functions/domain/signing/keys.js';
import { scheduleWaitingJobs } from '../../../functions/services/scheduling/schedule-waiting-jobs.js';
import type { SiteServices } from '../../../functions/services/site-services.js';
import { fakeFederation, GUEST, HOST } from '../../support/fakes/fake-federation.js';
import { component, jobOf, submit } from '../../support/fakes/fake-jobs.js';

function query(services: SiteServices): Promise<ApiResult> {
  const route = siteViewRoutes.find((r) => r.path === '/v1/site/query');
  if (route === undefined) throw new Error('no route /v1/site/query');
  const request: ApiRequest = { method: 'POST', path: '/v1/site/query', body: {}, query: {}, headers: {}, files: [] };
  return route.handler(request, services);
}

const dataOf = (result: ApiResult) => (result.kind === 'envelope' ? result.envelope.data : undefined);

const sleepJob = (cores: number) =>
  jobOf({ arbiter: false, components: { slow_0: component('Sleep') }, jobParameters: { task_cores: cores } });

describe('keyFingerprint', () => {
  it("is OpenSSH's SHA256 form of the key bytes (RFC 8032 §7.1 TEST 1's public key)", () => {
    const key = encodePublicKey(
      Uint8Array.from(Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex')),
    );
    expect(keyFingerprint(key)).toBe('SHA256:If4x36FUomFia/hUBG/SJxt77UtqvkWqWId+9H+XIbk');
  });
});

describe('/v1/site/query', () => {
  it("answers the pool in use and free, the queue in the scheduler's order, the site's keys and its peers with fingerprints and last contact", async () => {
    const federation = fakeFederation({ guest: { cores: 4 }, host: { cores: 4, peerResourceShare: 1 } });
    const { guest, clock } = federation;
    const holder = await submit(federation, sleepJob(3));
    await scheduleWaitingJobs(guest.services);
    await federation.settle();
    clock.advance(1000);
    const first = await submit(federation, sleepJob(2));
    clock.advance(1000);
    const second = await submit(federation, sleepJob(2));
    await scheduleWaitingJobs(guest.services);
    const own = generateSigningKey();
    await guest.services.signingKeys.addKey(own.secretKey);
    const peerKey = generateSigningKey().publicKey;
    const host = await guest.parties.getParty(HOST);
    await guest.parties.putParty({
      ...(host ?? { partyId: HOST, endpoint: '', updateTime: 0 }),
      publicKeys: [peerKey],
    });
    await guest.parties.recordContact(HOST, 1_795_794_258_123);

    const data = dataOf(await query(guest.services)) as Record<string, unknown>;
    expect(data).toEqual({
      party_id: GUEST,
      resources: {
        engine_name: expect.any(String),
        cores: 4,
        memory: 0,
        nodes: 1,
        remaining_cores: 1,
        remaining_memory: 0,
        used_cores: 3,
        used_memory: 0,
        jobs: [{ job_id: holder, role: 'guest', cores: 3, memory: 0, apply_time: expect.any(Number) }],
      },
      queue: [first, second].map((jobId, index) => ({
        position: index + 1,
        job_id: jobId,
        role: 'guest',
        party_id: GUEST,
        priority: 0,
        cores: 2,
        memory: 0,
        description: '',
        create_time: expect.any(Number),
      })),
      public_keys: [
        { key_id: keyId(own.publicKey), public_key: own.publicKey, fingerprint: keyFingerprint(own.publicKey) },
      ],
      peers: [
        {
          party_id: HOST,
          endpoint: `https://party-${HOST}.test`,
          public_keys: [{ key_id: keyId(peerKey), public_key: peerKey, fingerprint: keyFingerprint(peerKey) }],
          update_time: expect.any(Number),
          last_contact: 1_795_794_258_123,
        },
      ],
    });
  });

  it('answers null for a peer that never called, and an empty queue and no pool jobs on an idle site', async () => {
    const { host } = fakeFederation();
    const data = dataOf(await query(host.services)) as {
      peers: unknown[];
      queue: unknown[];
      resources: { jobs: unknown[] };
    };
    expect(data.peers).toEqual([
      {
        party_id: GUEST,
        endpoint: `https://party-${GUEST}.test`,
        public_keys: [],
        update_time: expect.any(Number),
        last_contact: null,
      },
    ]);
    expect(data.queue).toEqual([]);
    expect(data.resources.jobs).toEqual([]);
  });

  it("names the role of each grant, and the initiating peer of a peer's job", async () => {
    const federation = fakeFederation({ host: { cores: 4, peerResourceShare: 1 } });
    const holder = await submit(federation, sleepJob(3));
    await scheduleWaitingJobs(federation.guest.services);
    await federation.settle();
    const data = dataOf(await query(federation.host.services)) as { resources: { jobs: unknown[] } };
    expect(data.resources.jobs).toEqual([
      { job_id: holder, role: 'host', cores: 3, memory: 0, apply_time: expect.any(Number), initiator_party_id: GUEST },
    ]);
  });
});
