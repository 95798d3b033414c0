/**
 * Finding 6: a peer left junk a site could not clean — jobs under ids like `../`, with NUL, spaces
 * or `#` (which the site's API can neither query nor stop), and transfers to ended jobs, kept for
 * days and uncapped. Now a job id that is not one is refused at decode; a transfer to a job ended
 * at this site, or over the job's quota, is refused before anything is recorded.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { transferQuotaKey } from '../../functions/adapters/dynamodb/transfer-quota-item.js';
import {
  MAX_TRANSFER_BYTES_PER_JOB,
  MAX_TRANSFER_PARTS_PER_JOB,
} from '../../functions/domain/federation/transfer-quota.js';
import type { FederatedMessage } from '../../functions/domain/ports/peer-client.js';
import { Role } from '../../proto/fateflow/federation/v1/federation_pb.js';
import { exampleJob } from '../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { deliver, GUEST, HOST, handmadeEnvelope, signedBody, signedDelivery } from './support/federation-peer.js';
import { snapshotSite } from './support/store-snapshot.js';

describe('junk a peer could leave at a site', () => {
  let federation: TestFederation;
  let guestKeys: readonly string[];

  const submit = async (): Promise<string> => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    return String(submitted.jobId);
  };

  /** A value from the guest's reader to the host's, as a runner sends it. */
  const transfer = (jobId: string, bytes: number, name = 'x'): FederatedMessage<'transfer'> => ({
    command: 'transfer',
    jobId,
    src: { role: 'guest', partyId: GUEST },
    dest: { role: 'host', partyId: HOST },
    body: {
      tag: `reader_0/0/${name}`,
      payload: { kind: 'inline', base64: Buffer.alloc(bytes, 7).toString('base64') },
    },
  });

  const send = async (message: FederatedMessage) => {
    const answer = await deliver(federation, HOST, await signedDelivery(federation, message));
    return [answer.status, answer.reply.retcode, answer.reply.retmsg];
  };

  beforeAll(async () => {
    federation = await startTestFederation();
    guestKeys = await federation.site(GUEST).services.signingKeys.secretKeys();
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it.each([
    ['climbing out of a folder', '../../../etc/passwd', '"../../../etc/passwd"'],
    ['with a NUL', '20261127154418012345\u0000', '"20261127154418012345\\u0000"'],
    ['with a space', '2026112715441801234 5', '"2026112715441801234 5"'],
    ['with a key separator', '2026112715441801234#5', '"2026112715441801234#5"'],
    ['too long', '1'.repeat(300), `"${'1'.repeat(32)}"… (300 characters)`],
  ])('refuses a signed job.create whose job id is %s, at decode, and stores nothing', async (_name, jobId, shown) => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const body = handmadeEnvelope({
      jobId,
      command: {
        case: 'jobCreate',
        value: {
          dslJson: JSON.stringify(dsl),
          runtimeConfJson: JSON.stringify(conf),
          createTimeMs: BigInt(Date.now()),
        },
      },
      destination: { role: Role.HOST, partyId: BigInt(HOST) },
    });
    const before = await snapshotSite(federation.site(HOST));

    const answer = await deliver(federation, HOST, signedBody(body, guestKeys));

    expect([answer.status, answer.reply]).toEqual([
      400,
      { retcode: 101, retmsg: `envelope.job_id: must be a job id of 21 digits, got ${shown}` },
    ]);
    expect(await snapshotSite(federation.site(HOST))).toEqual(before);
  });

  it('refuses a transfer to a job that has ended at this site, and stores nothing', async () => {
    const jobId = await submit();
    expect(await federation.post(GUEST, '/v1/job/stop', { job_id: jobId })).toMatchObject({ retcode: 0 });
    const before = await snapshotSite(federation.site(HOST));

    expect(await send(transfer(jobId, 16))).toEqual([
      409,
      103,
      `transfer refused: job ${jobId} has ended at host 10000 (canceled); nothing reads it any more`,
    ]);
    expect(await snapshotSite(federation.site(HOST))).toEqual(before);
  });

  describe("a job's transfer quota", () => {
    let jobId: string;

    /** J as if its transfers had already taken this much at the host's site. */
    const holding = (parts: number, bytes: number) =>
      federation.site(HOST).table.client.send(
        new UpdateCommand({
          TableName: federation.site(HOST).table.tableName,
          Key: transferQuotaKey(jobId),
          UpdateExpression: 'SET parts = :parts, #bytes = :bytes',
          ExpressionAttributeNames: { '#bytes': 'bytes' },
          ExpressionAttributeValues: { ':parts': parts, ':bytes': bytes },
        }),
      );

    beforeAll(async () => {
      jobId = await submit();
      // A first value counts: one part of 16 bytes.
      expect(await send(transfer(jobId, 16, 'first'))).toEqual([200, 0, 'success']);
    });

    it('refuses the part over the count, and stores nothing', async () => {
      await holding(MAX_TRANSFER_PARTS_PER_JOB, 1_000_000);
      const before = await snapshotSite(federation.site(HOST));

      expect(await send(transfer(jobId, 1))).toEqual([
        409,
        103,
        `transfer refused: job ${jobId} may store at most 10000 parts and 536870912 bytes of transfers at this site; it holds 10000 parts and 1000000 bytes, and this part has 1`,
      ]);
      expect(await snapshotSite(federation.site(HOST))).toEqual(before);
    });

    it('refuses the part over the bytes and takes one that fits exactly', async () => {
      await holding(2, MAX_TRANSFER_BYTES_PER_JOB - 100);
      const before = await snapshotSite(federation.site(HOST));

      expect(await send(transfer(jobId, 101, 'big'))).toEqual([
        409,
        103,
        `transfer refused: job ${jobId} may store at most 10000 parts and 536870912 bytes of transfers at this site; it holds 2 parts and 536870812 bytes, and this part has 101`,
      ]);
      expect(await snapshotSite(federation.site(HOST))).toEqual(before);

      expect(await send(transfer(jobId, 100, 'fits'))).toEqual([200, 0, 'success']);
      expect(await federation.site(HOST).services.transfers.usage(jobId)).toEqual({
        parts: 3,
        bytes: MAX_TRANSFER_BYTES_PER_JOB,
      });
    });
  });
});
