import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../../functions/domain/ports/peer-client.js';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../../support/local-federation.js';
import { deliver, signedDelivery } from './raw-delivery.js';

const GUEST = 9999;
const HOST = 10000;

async function submitted(federation: TestFederation): Promise<string> {
  const { dsl, conf } = exampleJob('hetero-lr');
  const answer = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
  expect(answer.retcode).toBe(0);
  return String(answer.jobId);
}

const GUEST_PARTY = { role: 'guest', partyId: GUEST } as const;
const HOST_PARTY = { role: 'host', partyId: HOST } as const;

/** `command` of job `jobId` from `src` to `dest`, with its body. */
const messageOf = <C extends FederatedMessage['command']>(
  command: C,
  jobId: string,
  [src, dest]: readonly [FederatedMessage['src'], FederatedMessage['dest']],
  body: FederatedMessage<C>['body'],
): FederatedMessage<C> => ({ command, jobId, src, dest, body });

const hostStatus = async (federation: TestFederation, jobId: string) =>
  (await federation.site(HOST).services.jobs.getJob({ jobId, role: 'host', partyId: HOST }))?.status;

describe('delivery between two sites over HTTPS', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    // Retries from 125 ms (doubling: six attempts span 1.9–3.9 s) rather than 250 ms: the tests wait them out.
    federation = await startTestFederation({ persistent: true, peerRetryBaseMs: 125 });
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('serves the federation endpoint on HTTPS under the local CA', () => {
    for (const site of federation.sites) expect(site.federationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives one message delivered three times exactly one effect and the same answer', async () => {
    const jobId = await submitted(federation);
    const message = messageOf('job.stop', jobId, [GUEST_PARTY, HOST_PARTY], { status: 'canceled' });
    const messageId = randomUUID();
    const first = await deliver(federation, HOST, await signedDelivery(federation, message, { messageId }));
    expect([first.status, first.reply]).toEqual([200, { retcode: 0, retmsg: 'success' }]);
    const after = await storeSnapshot(federation.site(HOST), federation.dataDir, { exceptDeliveries: true });
    for (let again = 0; again < 2; again += 1) {
      const answer = await deliver(federation, HOST, await signedDelivery(federation, message, { messageId }));
      expect([answer.status, answer.reply]).toEqual([200, { retcode: 0, retmsg: 'success' }]);
    }
    expect(await storeSnapshot(federation.site(HOST), federation.dataDir, { exceptDeliveries: true })).toEqual(after);
    expect(await hostStatus(federation, jobId)).toBe('canceled');
  });

  it('answers a transfer delivered three times from its store, storing one part and no answer of its own', async () => {
    const jobId = await submitted(federation);
    const message = messageOf('transfer', jobId, [GUEST_PARTY, HOST_PARTY], {
      tag: 'reader_0/0/once',
      payload: { kind: 'inline', base64: Buffer.from('value').toString('base64') },
    });
    const messageId = randomUUID();
    const answers = [];
    for (let delivery = 0; delivery < 3; delivery += 1) {
      const answer = await deliver(federation, HOST, await signedDelivery(federation, message, { messageId }));
      answers.push([answer.status, answer.reply]);
    }

    expect(answers).toEqual([
      [200, { retcode: 0, retmsg: 'success' }],
      [200, { retcode: 0, retmsg: 'success: already stored' }],
      [200, { retcode: 0, retmsg: 'success: already stored' }],
    ]);
    const site = federation.site(HOST);
    const parts = await site.services.transfers.listParts({ ...message, tag: 'reader_0/0/once' });
    expect(parts.map((part) => Buffer.from(part.bytes).toString())).toEqual(['value']);
    const { client, tableName } = site.table;
    const stored = await client.send(
      new GetCommand({ TableName: tableName, Key: { PK: `MESSAGE#${messageId}`, SK: 'REPLY' }, ConsistentRead: true }),
    );
    expect(stored.Item).toBeUndefined();
  });

  it('runs a task report delivered three times again each time, moving its holder once and storing no answer', async () => {
    const jobId = await submitted(federation);
    const message = messageOf('task.report', jobId, [HOST_PARTY, GUEST_PARTY], {
      component: 'hetero_lr_0',
      taskVersion: 0,
      partyStatus: 'running',
      startTime: 1_767_300_000_000,
    });
    const holderKey = { jobId, component: 'hetero_lr_0', taskVersion: 0, role: 'host', partyId: HOST } as const;
    const guest = federation.site(GUEST);
    const messageId = randomUUID();
    const holders = [];
    for (let delivery = 0; delivery < 3; delivery += 1) {
      const answer = await deliver(federation, GUEST, await signedDelivery(federation, message, { messageId }));
      expect([answer.status, answer.reply]).toEqual([200, { retcode: 0, retmsg: 'success' }]);
      holders.push(await guest.services.jobs.getTask(holderKey));
    }

    expect([holders[0]?.partyStatus, holders[0]?.startTime]).toEqual(['running', 1_767_300_000_000]);
    expect(holders[1]).toEqual(holders[0]);
    expect(holders[2]).toEqual(holders[0]);
    const { client, tableName } = guest.table;
    const stored = await client.send(
      new GetCommand({ TableName: tableName, Key: { PK: `MESSAGE#${messageId}`, SK: 'REPLY' }, ConsistentRead: true }),
    );
    expect(stored.Item).toBeUndefined();
    expect((await federation.post(GUEST, '/v1/job/stop', { job_id: jobId })).retcode).toBe(0);
  });

  it('reaches a peer that is down for a moment once it is back, through retries', async () => {
    const jobId = await submitted(federation);
    await federation.stopSite(HOST);
    const stopping = federation.post(GUEST, '/v1/job/stop', { job_id: jobId });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await federation.startSite(HOST);
    expect(await stopping).toEqual({ retcode: 0, retmsg: 'success', jobId });
    expect(await hostStatus(federation, jobId)).toBe('canceled');
  }, 30_000);

  it('names the party that stays unreachable with a FEDERATED_ERROR', async () => {
    const jobId = await submitted(federation);
    await federation.stopSite(HOST);
    try {
      const answer = await federation.post(GUEST, '/v1/job/stop', { job_id: jobId });
      expect(answer.retcode).toBe(104);
      expect(answer.retmsg).toMatch(
        new RegExp(
          `^job ${jobId} stopped here, but not everywhere: host 10000: party 10000 \\(host\\) did not answer job.stop after 6 attempts: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+; arbiter 10000: party 10000 \\(arbiter\\) did not answer job.stop after 6 attempts`,
        ),
      );
    } finally {
      await federation.startSite(HOST);
    }
  }, 30_000);
});
