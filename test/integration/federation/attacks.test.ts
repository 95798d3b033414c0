import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../../functions/domain/ports/peer-client.js';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../../support/local-federation.js';
import { deliver, type RawDelivery, signedDelivery } from './raw-delivery.js';

const GUEST = 9999;
const HOST = 10000;

describe("a site's federation endpoint under attack", () => {
  let federation: TestFederation;
  let jobId: string;
  let stopFromGuest: FederatedMessage<'job.stop'>;

  beforeAll(async () => {
    federation = await startTestFederation();
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    jobId = String(submitted.jobId);
    stopFromGuest = {
      command: 'job.stop',
      jobId,
      src: { role: 'guest', partyId: GUEST },
      dest: { role: 'host', partyId: HOST },
      body: { status: 'canceled' },
    };
  });
  afterAll(async () => {
    await federation.stop();
  });

  const flipByte = (bytes: Uint8Array, index: number): Uint8Array => {
    const copy = new Uint8Array(bytes);
    copy[index] = (copy[index] ?? 0) ^ 0x01;
    return copy;
  };

  const attacks: Array<[string, () => Promise<RawDelivery>, number, RegExp]> = [
    [
      'a tampered body (another valid envelope under the signature)',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        const failed = await signedDelivery(federation, { ...stopFromGuest, body: { status: 'failed' } });
        return { ...d, body: failed.body };
      },
      401,
      /^cannot authenticate the sender$/,
    ],
    [
      'a body that is no envelope',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        return { ...d, body: flipByte(d.body, d.body.byteLength - 1) };
      },
      400,
      /^(not a federation envelope|envelope\.)/,
    ],
    [
      'a tampered webhook-id header',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        return { ...d, headers: { ...d.headers, 'webhook-id': `${d.headers['webhook-id']}x` } };
      },
      401,
      /^cannot authenticate the sender$/,
    ],
    [
      'a tampered timestamp header',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        return {
          ...d,
          headers: { ...d.headers, 'webhook-timestamp': String(Number(d.headers['webhook-timestamp']) - 1) },
        };
      },
      401,
      /^cannot authenticate the sender$/,
    ],
    [
      'a signature by a key the party never registered',
      () => signedDelivery(federation, stopFromGuest, { secretKeys: [generateSigningKey().secretKey] }),
      401,
      /^cannot authenticate the sender$/,
    ],
    [
      'a message from an unknown party',
      () => signedDelivery(federation, { ...stopFromGuest, src: { role: 'guest', partyId: 4242 } }, { signAs: GUEST }),
      401,
      /^cannot authenticate the sender$/,
    ],
    [
      'an expired timestamp',
      () => signedDelivery(federation, stopFromGuest, { timestamp: Math.floor(Date.now() / 1000) - 320 }),
      401,
      /webhook-timestamp is 3[12]\d s in the past, beyond the 300 s tolerance/,
    ],
    [
      'a timestamp in the future',
      () => signedDelivery(federation, stopFromGuest, { timestamp: Math.floor(Date.now() / 1000) + 320 }),
      401,
      /webhook-timestamp is 3[12]\d s in the future/,
    ],
    [
      'a message for another party',
      () => signedDelivery(federation, { ...stopFromGuest, dest: { role: 'host', partyId: 10001 } }),
      403,
      /message for party 10001 reached party 10000/,
    ],
    [
      'missing signature headers',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        const { 'webhook-signature': _dropped, ...headers } = d.headers;
        return { ...d, headers };
      },
      401,
      /missing|webhook-signature/,
    ],
    [
      'an oversized body',
      async () => {
        const d = await signedDelivery(federation, stopFromGuest);
        return { ...d, body: new Uint8Array(1024 * 1024 + 1) };
      },
      403,
      /over the 1048576-byte limit/,
    ],
    [
      'a command the sender role may not send (a host stopping a guest-initiated job)',
      () =>
        signedDelivery(federation, {
          ...stopFromGuest,
          src: { role: 'host', partyId: HOST },
          dest: { role: 'guest', partyId: GUEST },
        }),
      403,
      /only the initiator guest 9999 may send job.stop/,
    ],
  ];

  it.each(attacks)('refuses %s and changes nothing', async (_name, build, status, message) => {
    const target = _name.startsWith('a command the sender') ? GUEST : HOST;
    const before = await storeSnapshot(federation.site(target), federation.dataDir);
    const answer = await deliver(federation, target, await build());
    expect(answer.status).toBe(status);
    expect(answer.reply.retcode).toBe({ 400: 101, 401: 109, 403: 108 }[status]);
    expect(answer.reply.retmsg).toMatch(message);
    expect(await storeSnapshot(federation.site(target), federation.dataDir)).toEqual(before);
  });

  it('refuses a replayed webhook and changes nothing, after the first delivery took effect', async () => {
    const statusUpdate: FederatedMessage<'job.status'> = {
      ...stopFromGuest,
      command: 'job.status',
      body: { status: 'running' },
    };
    const delivery = await signedDelivery(federation, statusUpdate);
    const first = await deliver(federation, HOST, delivery);
    expect([first.status, first.reply.retcode]).toEqual([200, 0]);
    const before = await storeSnapshot(federation.site(HOST), federation.dataDir);
    const replay = await deliver(federation, HOST, delivery);
    expect([replay.status, replay.reply.retcode]).toEqual([403, 108]);
    expect(replay.reply.retmsg).toMatch(/was delivered before: refused as a replay/);
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir)).toEqual(before);
  });
});
