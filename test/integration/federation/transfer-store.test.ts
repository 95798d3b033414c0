import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import { DynamoTransferAdmissionReads } from '../../../functions/adapters/dynamodb/transfer-admission-reads.js';
import { transferQuotaKey } from '../../../functions/adapters/dynamodb/transfer-quota-item.js';
import { DynamoTransferStore } from '../../../functions/adapters/dynamodb/transfer-store.js';
import { LoopbackPeerClient } from '../../../functions/adapters/peers/loopback-peer-client.js';
import { SignedPeerClient } from '../../../functions/adapters/peers/signed-peer-client.js';
import { OperatingError } from '../../../functions/domain/errors.js';
import { MAX_TRANSFER_PARTS_PER_JOB } from '../../../functions/domain/federation/transfer-quota.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederatedMessage } from '../../../functions/domain/ports/peer-client.js';
import type { JobStatus } from '../../../functions/domain/status/statuses.js';
import { createTransferReceiver } from '../../../functions/federation/inbound/transfer-receiver.js';
import { receiveTransfer, TRANSFER_RETENTION_MS } from '../../../functions/services/federation/receive-transfer.js';
import type { TransferValue } from '../../../runner/components/component.js';
import { createFederationChannel } from '../../../runner/context/federation-channel.js';
import { encodeTransferValue } from '../../../runner/context/transfer-codec.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { jobRecord } from '../store/records.js';

const JOB = '202601011200000000001';
const T0 = 1_767_268_800_000;
const GUEST: PartyRef = { role: 'guest', partyId: 9999 };
const HOST: PartyRef = { role: 'host', partyId: 10000 };
const ARBITER: PartyRef = { role: 'arbiter', partyId: 10000 };
const ROLES = { guest: [9999], host: [10000], arbiter: [10000] };

let local: LocalDynamo;
let transfers: DynamoTransferStore;
let peers: SignedPeerClient;
let jobs: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  transfers = new DynamoTransferStore(local.client, local.tableName, { now: () => T0 });
  jobs = new DynamoJobStore(local.client, local.tableName);
  // A real peer client with an empty registry: values between tasks of one site never reach it.
  peers = new SignedPeerClient({
    parties: new DynamoPartyStore(local.client, local.tableName),
    signingKeys: () => Promise.reject(new Error('no peer call is expected')),
  });
});

afterAll(async () => {
  peers.close();
  await local.stop();
});

const base64 = (value: TransferValue): string => Buffer.from(encodeTransferValue(value)).toString('base64');

function transfer(tag: string, payload: string, jobId = JOB): FederatedMessage<'transfer'> {
  return {
    command: 'transfer',
    jobId,
    src: GUEST,
    dest: HOST,
    body: { tag, payload: { kind: 'inline', base64: payload } },
  };
}

describe('receiveTransfer on the DynamoDB TransferStore', () => {
  it('stores a value for its addressee, with an expiry 7 days on', async () => {
    const jobId = '202601011200000000002';
    const reply = await receiveTransfer({ transfers, clock: () => T0 }, transfer('psi_0/0/ids', base64([1n]), jobId));

    expect(reply).toEqual({ retcode: 0, retmsg: 'success' });
    expect(await transfers.listParts({ jobId, src: GUEST, dest: HOST, tag: 'psi_0/0/ids' })).toEqual([
      { jobId, src: GUEST, dest: HOST, tag: 'psi_0/0/ids', index: 1, count: 1, bytes: encodeTransferValue([1n]) },
    ]);
    expect(await transfers.listParts({ jobId, src: GUEST, dest: ARBITER, tag: 'psi_0/0/ids' })).toEqual([]);
    expect(TRANSFER_RETENTION_MS).toBe(7 * 24 * 3600 * 1000);
  });

  it('accepts an identical redelivery and refuses a different value under the same tag', async () => {
    const clock = () => T0;
    await receiveTransfer({ transfers, clock }, transfer('psi_0/0/again', base64('first')));

    expect(await receiveTransfer({ transfers, clock }, transfer('psi_0/0/again', base64('first')))).toEqual({
      retcode: 0,
      retmsg: 'success: already stored',
    });
    await expect(receiveTransfer({ transfers, clock }, transfer('psi_0/0/again', base64('second')))).rejects.toThrow(
      `transfer "psi_0/0/again" of job ${JOB} from guest 9999 to host 10000: part 1 of 1 is already stored with a different value; a value once sent cannot change (a retry sends under its new task version)`,
    );
    const parts = await transfers.listParts({ jobId: JOB, src: GUEST, dest: HOST, tag: 'psi_0/0/again' });
    expect(parts.map((part) => part.bytes)).toEqual([encodeTransferValue('first')]);
  });

  it('keeps a tag apart from a longer tag that starts like it', async () => {
    await receiveTransfer({ transfers, clock: () => T0 }, transfer('lr_0/0/iter_1', base64(1)));
    await receiveTransfer({ transfers, clock: () => T0 }, transfer('lr_0/0/iter_10', base64(10)));

    const parts = await transfers.listParts({ jobId: JOB, src: GUEST, dest: HOST, tag: 'lr_0/0/iter_1' });
    expect(parts.map((part) => part.bytes)).toEqual([encodeTransferValue(1)]);
  });

  it('refuses an unscoped tag, an object reference and an oversized part before storing anything', async () => {
    await expect(receiveTransfer({ transfers, clock: () => T0 }, transfer('ids', 'AA=='))).rejects.toThrow(
      'transfer tag "ids" is not "<component>/<task version>/<tag>"',
    );
    const object: FederatedMessage<'transfer'> = {
      ...transfer('psi_0/0/ids', ''),
      body: { tag: 'psi_0/0/ids', payload: { kind: 'object', key: 'k', size: 1, sha256: '0'.repeat(64) } },
    };
    await expect(receiveTransfer({ transfers, clock: () => T0 }, object)).rejects.toThrow(
      'transfer "psi_0/0/ids": object references are not taken; a large value comes as inline parts',
    );
    const big = Buffer.alloc(256 * 1024 + 1).toString('base64');
    await expect(receiveTransfer({ transfers, clock: () => T0 }, transfer('psi_0/0/ids', big))).rejects.toThrow(
      'transfer "psi_0/0/ids": a part of 262145 bytes is over the 262144-byte limit',
    );
    expect(await transfers.listParts({ jobId: JOB, src: GUEST, dest: HOST, tag: 'psi_0/0/ids' })).toEqual([]);
  });
});

describe("a job's transfer quota in the store (also for values a runner stores at its own site)", () => {
  const clock = () => T0;
  const inline = (bytes: number): string => Buffer.alloc(bytes, 1).toString('base64');
  /** The job's transfers as if they already took this much. */
  const holding = (jobId: string, parts: number, bytes: number) =>
    local.client.send(
      new UpdateCommand({
        TableName: local.tableName,
        Key: transferQuotaKey(jobId),
        UpdateExpression: 'SET parts = :parts, #bytes = :bytes',
        ExpressionAttributeNames: { '#bytes': 'bytes' },
        ExpressionAttributeValues: { ':parts': parts, ':bytes': bytes },
      }),
    );

  it('counts each new part once: a redelivery takes no more room', async () => {
    const jobId = '202601011200000000011';
    await receiveTransfer({ transfers, clock }, transfer('lr_0/0/a', inline(10), jobId));
    await receiveTransfer({ transfers, clock }, transfer('lr_0/0/b', inline(20), jobId));
    await receiveTransfer({ transfers, clock }, transfer('lr_0/0/a', inline(10), jobId));

    expect(await transfers.usage(jobId)).toEqual({ parts: 2, bytes: 30 });
    expect(await transfers.usage('202601011200000000012')).toEqual({ parts: 0, bytes: 0 });
  });

  it('refuses a new part over the quota and stores nothing, but still takes the redelivery of a stored one', async () => {
    const jobId = '202601011200000000013';
    await receiveTransfer({ transfers, clock }, transfer('lr_0/0/kept', inline(10), jobId));
    await holding(jobId, MAX_TRANSFER_PARTS_PER_JOB, 10);

    await expect(receiveTransfer({ transfers, clock }, transfer('lr_0/0/more', inline(1), jobId))).rejects.toThrow(
      new OperatingError(
        `transfer refused: job ${jobId} may store at most 10000 parts and 536870912 bytes of transfers at this site; it holds 10000 parts and 10 bytes, and this part has 1`,
      ),
    );
    expect(await transfers.listParts({ jobId, src: GUEST, dest: HOST, tag: 'lr_0/0/more' })).toEqual([]);
    expect(await receiveTransfer({ transfers, clock }, transfer('lr_0/0/kept', inline(10), jobId))).toEqual({
      retcode: 0,
      retmsg: 'success: already stored',
    });
    expect(await transfers.usage(jobId)).toEqual({ parts: MAX_TRANSFER_PARTS_PER_JOB, bytes: 10 });
  });

  it('lets exactly one of ten racing senders take the last part the quota has room for', async () => {
    const jobId = '202601011200000000014';
    await holding(jobId, MAX_TRANSFER_PARTS_PER_JOB - 1, 0);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        receiveTransfer({ transfers, clock }, transfer(`lr_0/0/r${i}`, inline(5), jobId)),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await transfers.usage(jobId)).toEqual({ parts: MAX_TRANSFER_PARTS_PER_JOB, bytes: 5 });
  });
});

describe('the reads before a part is admitted, in one request (DynamoTransferAdmissionReads)', () => {
  const reads = () => new DynamoTransferAdmissionReads(local.client, local.tableName);
  const inline = (bytes: number): string => Buffer.alloc(bytes, 2).toString('base64');

  it("reads the addressee's job status and the job's usage together, and nothing for what is not there", async () => {
    const jobId = '202612070000000000031';
    expect(await reads().read(jobId, ARBITER)).toEqual({ status: undefined, usage: { parts: 0, bytes: 0 } });

    await jobs.createJob(
      jobRecord({ jobId, role: 'arbiter', partyId: 10000, isInitiator: false, status: 'running' }),
      [],
    );
    await receiveTransfer(
      { transfers, clock: () => T0 },
      { ...transfer('lr_0/0/a', inline(12), jobId), dest: ARBITER },
    );
    await receiveTransfer(
      { transfers, clock: () => T0 },
      { ...transfer('lr_0/0/b', inline(30), jobId), dest: ARBITER },
    );

    expect(await reads().read(jobId, ARBITER)).toEqual({ status: 'running', usage: { parts: 2, bytes: 42 } });
    // Another party's record of the same job: none at this site.
    expect(await reads().read(jobId, HOST)).toEqual({ status: undefined, usage: { parts: 2, bytes: 42 } });
    expect(await reads().read(jobId, ARBITER)).toEqual(
      await Promise.all([jobs.getJobStatus({ jobId, ...ARBITER }), transfers.usage(jobId)]).then(([status, usage]) => ({
        status,
        usage,
      })),
    );
  });
});

describe("a task's federation channel on its own site's store", () => {
  /** The arbiter's part of a job at this site (10000), as the site's create stored it. */
  const arbiterPart = async (jobId: string, status: JobStatus = 'running') => {
    await jobs.createJob(jobRecord({ jobId, role: 'arbiter', partyId: 10000, isInitiator: false, status }), []);
  };
  /**
   * The runner's peer client (runner/federation-from-config.ts): a value for a task of this site
   * goes through the loopback to the transfer receiver; the signed client, with an empty registry,
   * would answer any other party with "not in this site's party registry".
   */
  const runnerPeers = new LoopbackPeerClient({
    partyId: 10000,
    remote: {
      call: (message) => peers.call(message),
    },
    local: () =>
      createTransferReceiver({
        transferAdmission: new DynamoTransferAdmissionReads(local.client, local.tableName),
        transfers: new DynamoTransferStore(local.client, local.tableName),
        clock: Date.now,
      }),
  });
  const channelOf = (self: PartyRef, options: { partBytes?: number; jobId?: string } = {}) =>
    createFederationChannel({
      task: { jobId: options.jobId ?? JOB, component: 'exchange_0', taskVersion: 3, ...self },
      roles: ROLES,
      peers: runnerPeers,
      transfers: new DynamoTransferStore(local.client, local.tableName),
      ...(options.partBytes === undefined ? {} : { partBytes: options.partBytes }),
    });

  beforeAll(async () => {
    await arbiterPart(JOB);
  });

  it('hands a value from the host to the arbiter of the same site, parts and all', async () => {
    const value: TransferValue = { n: 2n ** 300n, bytes: new Uint8Array(1000).fill(7), text: 'x'.repeat(500) };
    await channelOf(HOST, { partBytes: 256 }).remote('big', value, [ARBITER]);

    expect(await channelOf(ARBITER).get('big', HOST)).toEqual(value);
    const parts = await transfers.listParts({ jobId: JOB, src: HOST, dest: ARBITER, tag: 'exchange_0/3/big' });
    // 1603 encoded bytes: six parts of 256 and one of 67.
    expect(encodeTransferValue(value).byteLength).toBe(1603);
    expect(parts.map((part) => `${part.index}/${part.count}:${part.bytes.byteLength}`)).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((i) => `${i}/7:256`),
      '7/7:67',
    ]);
  });

  it('waits in get until the value arrives', async () => {
    const started = Date.now();
    const getting = channelOf(ARBITER).get('late', HOST, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await channelOf(HOST).remote('late', [1n, new Uint8Array([2])], [ARBITER]);

    expect(await getting).toEqual([1n, new Uint8Array([2])]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("never reads an earlier task version's value", async () => {
    const jobId = '202601011200000000003';
    await arbiterPart(jobId);
    await channelOf(HOST, { jobId }).remote('v', 'from v3', [ARBITER]);
    const retry = createFederationChannel({
      task: { jobId, component: 'exchange_0', taskVersion: 4, ...ARBITER },
      roles: ROLES,
      peers: runnerPeers,
      transfers,
    });

    await expect(retry.get('v', HOST, { timeoutMs: 50 })).rejects.toThrow(
      `get "v" from host 10000 (exchange_0/4/v, job ${jobId}): nothing arrived within 50 ms`,
    );
  });

  it('gives up after the timeout with an error naming the tag, the sender and the wait', async () => {
    const started = Date.now();

    await expect(channelOf(ARBITER).get('never', GUEST, { timeoutMs: 200 })).rejects.toThrow(
      `get "never" from guest 9999 (exchange_0/3/never, job ${JOB}): nothing arrived within 200 ms`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it("refuses a value for a task whose job has ended at this site, as a peer's would be, and stores nothing", async () => {
    const jobId = '202601011200000000004';
    await arbiterPart(jobId, 'canceled');

    await expect(channelOf(HOST, { jobId }).remote('late', 1, [ARBITER])).rejects.toThrow(
      new OperatingError(
        `transfer refused: job ${jobId} has ended at arbiter 10000 (canceled); nothing reads it any more`,
      ),
    );
    expect(await transfers.listParts({ jobId, src: HOST, dest: ARBITER, tag: 'exchange_0/3/late' })).toEqual([]);
  });

  it("goes to any other party through the runner's signed client", async () => {
    await expect(channelOf(HOST).remote('out', 1, [GUEST])).rejects.toThrow(
      `guest 9999 refused transfer "exchange_0/3/out": party 9999 is not in this site's party registry`,
    );
  });

  it("gets ready only the remote client, and only for the job's other parties at other sites", async () => {
    const prepared: PartyRef[] = [];
    const channel = createFederationChannel({
      task: { jobId: JOB, component: 'exchange_0', taskVersion: 3, ...HOST },
      roles: ROLES,
      peers: new LoopbackPeerClient({
        partyId: 10000,
        remote: { call: (message) => peers.call(message), prepare: (dest) => prepared.push(dest) },
        local: () => {
          throw new Error('a value for this site is not sent by a prepare');
        },
      }),
      transfers,
    });

    // The arbiter is at this site (the loopback), host 10001 plays no part, host 10000 is the task.
    channel.prepare([GUEST, ARBITER, { role: 'host', partyId: 10001 }, HOST]);
    expect(prepared).toEqual([GUEST]);
  });

  it('refuses to send to or get from a party outside the job, or the task itself', async () => {
    const host = channelOf(HOST);

    await expect(host.remote('t', 1, [{ role: 'host', partyId: 10001 }])).rejects.toThrow(
      `cannot send to host 10001: it plays no part in job ${JOB}`,
    );
    await expect(host.get('t', HOST)).rejects.toThrow('cannot get from host 10000: that is this task itself');
    expect(host.roles).toEqual(ROLES);
  });
});
