/**
 * Finding 1: a registered peer took over a job it plays no part in (a signed `job.create` naming
 * itself initiator, then `job.status success` / `job.stop`), and a party of a job could send what
 * only its initiator may. A job's head — its initiator, parties and plan, fixed by its first
 * record — now decides every inbound command: each attempt below is refused (status, retcode,
 * message) and neither site's store changes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../functions/domain/job/deep-merge.js';
import type { PartyRef } from '../../functions/domain/job/roles.js';
import type { FederatedMessage } from '../../functions/domain/ports/peer-client.js';
import { exampleJob, withValue } from '../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { withoutContact } from '../support/without-contact.js';
import { deliver, GUEST, HOST, OUTSIDER, type Peer, registerPeer, signedDelivery } from './support/federation-peer.js';
import { type SiteSnapshot, snapshotSite } from './support/store-snapshot.js';

const guest: PartyRef = { role: 'guest', partyId: GUEST };
const host: PartyRef = { role: 'host', partyId: HOST };

describe('taking over a job', () => {
  let federation: TestFederation;
  let outsider: Peer;
  let jobId: string;
  let dsl: JsonObject;
  let conf: JsonObject;

  const snapshots = async (): Promise<SiteSnapshot[]> =>
    Promise.all([GUEST, HOST].map((party) => snapshotSite(federation.site(party))));

  /** Delivers each message to the site it is addressed to; returns [status, retcode, message] of each. */
  async function attempt(messages: FederatedMessage[], signAs?: Peer): Promise<Array<[number, number, string]>> {
    const answers: Array<[number, number, string]> = [];
    for (const message of messages) {
      const delivery = await signedDelivery(
        federation,
        message,
        signAs === undefined ? {} : { secretKeys: [signAs.secretKey] },
      );
      const answer = await deliver(federation, message.dest.partyId, delivery);
      answers.push([answer.status, answer.reply.retcode, answer.reply.retmsg]);
    }
    return answers;
  }

  beforeAll(async () => {
    // The control plane alone: J stays waiting at every party, a known state to compare.
    federation = await startTestFederation();
    outsider = await registerPeer(federation, OUTSIDER);
    ({ dsl, conf } = exampleJob('hetero-lr'));
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    jobId = String(submitted.jobId);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it('refuses peer 7777 creating J again as its initiator, at every role J has or could have at either site', async () => {
    const before = await snapshots();
    // The attacker's own plan for J: it is the guest and initiator, the victims play whatever role it is sent to.
    const creates = (
      [
        [
          { role: 'guest', partyId: GUEST },
          { guest: [OUTSIDER], host: [GUEST], arbiter: [HOST] },
        ],
        [
          { role: 'arbiter', partyId: GUEST },
          { guest: [OUTSIDER], host: [HOST], arbiter: [GUEST] },
        ],
        [
          { role: 'host', partyId: HOST },
          { guest: [OUTSIDER], host: [HOST], arbiter: [HOST] },
        ],
        [
          { role: 'arbiter', partyId: HOST },
          { guest: [OUTSIDER], host: [HOST], arbiter: [HOST] },
        ],
      ] as const
    ).map(
      ([dest, roles]): FederatedMessage<'job.create'> => ({
        command: 'job.create',
        jobId,
        src: { role: 'guest', partyId: OUTSIDER },
        dest,
        body: {
          dsl,
          runtimeConf: withValue(
            withValue(conf, ['initiator'], { role: 'guest', party_id: OUTSIDER }),
            ['role'],
            roles,
          ),
          createTime: Date.now(),
        },
      }),
    );

    const refusal = `job.create refused: job ${jobId} exists here with initiator guest 9999, not guest 7777`;
    expect(await attempt(creates, outsider)).toEqual(creates.map(() => [403, 108, refusal]));
    expect(await snapshots()).toEqual(before);
  });

  it("refuses peer 7777's status, stop, task report, resource apply and start for J at both sites", async () => {
    const before = await snapshots();
    const src: PartyRef = { role: 'guest', partyId: OUTSIDER };
    const commands: FederatedMessage[] = [guest, host].flatMap((dest): FederatedMessage[] => [
      { command: 'job.status', jobId, src, dest, body: { status: 'success' } },
      { command: 'job.stop', jobId, src, dest, body: { status: 'failed', tag: 'taken over' } },
      { command: 'job.resource.apply', jobId, src, dest, body: {} },
      { command: 'job.start', jobId, src, dest, body: { startTime: Date.now() } },
      { command: 'task.start', jobId, src, dest, body: { component: 'reader_0', taskVersion: 0 } },
      {
        command: 'task.report',
        jobId,
        src,
        dest,
        body: { component: 'reader_0', taskVersion: 0, partyStatus: 'success' },
      },
      {
        command: 'transfer',
        jobId,
        src,
        dest,
        body: { tag: 'reader_0/0/x', payload: { kind: 'inline', base64: 'AQ==' } },
      },
    ]);

    const refusal = `guest 7777 plays no part in job ${jobId}`;
    expect(await attempt(commands, outsider)).toEqual(commands.map(() => [403, 108, refusal]));
    expect(await snapshots()).toEqual(before);
  });

  it("refuses peer 7777 posing as a party of J in the role it does not play (J's guest is 9999)", async () => {
    const before = await snapshots();
    const status: FederatedMessage<'job.status'> = {
      command: 'job.status',
      jobId,
      src: { role: 'host', partyId: OUTSIDER },
      dest: host,
      body: { status: 'success' },
    };

    expect(await attempt([status], outsider)).toEqual([[403, 108, `host 7777 plays no part in job ${jobId}`]]);
    expect(await snapshots()).toEqual(before);
  });

  it('refuses host 10000, a party of J but not its initiator, every command only the initiator may send', async () => {
    const before = await snapshots();
    const src = host;
    const commands: FederatedMessage[] = [
      { command: 'job.status', jobId, src, dest: guest, body: { status: 'success' } },
      { command: 'job.stop', jobId, src, dest: guest, body: { status: 'canceled' } },
      { command: 'job.resource.apply', jobId, src, dest: guest, body: {} },
      { command: 'job.resource.return', jobId, src, dest: guest, body: {} },
      { command: 'job.start', jobId, src, dest: guest, body: { startTime: Date.now() } },
      { command: 'job.clean', jobId, src, dest: guest, body: {} },
      { command: 'task.start', jobId, src, dest: guest, body: { component: 'reader_0', taskVersion: 0 } },
      {
        command: 'task.stop',
        jobId,
        src,
        dest: guest,
        body: { component: 'reader_0', taskVersion: 0, status: 'failed' },
      },
    ];

    expect(await attempt(commands)).toEqual(
      commands.map((message) => [
        403,
        108,
        `only the initiator guest 9999 may send ${message.command} for job ${jobId}`,
      ]),
    );
    expect(await snapshots()).toEqual(before);
  });

  it('refuses host 10000 creating J again with itself as initiator', async () => {
    const before = await snapshots();
    const create: FederatedMessage<'job.create'> = {
      command: 'job.create',
      jobId,
      src: host,
      dest: guest,
      body: {
        dsl,
        runtimeConf: withValue(conf, ['initiator'], { role: 'host', party_id: HOST }),
        createTime: Date.now(),
      },
    };

    expect(await attempt([create])).toEqual([
      [403, 108, `job.create refused: job ${jobId} exists here with initiator guest 9999, not host 10000`],
    ]);
    expect(await snapshots()).toEqual(before);
  });

  it("refuses J's own initiator creating J again with another plan, and takes the same plan again", async () => {
    const before = await snapshots();
    const create = (runtimeConf: JsonObject): FederatedMessage<'job.create'> => ({
      command: 'job.create',
      jobId,
      src: guest,
      dest: host,
      body: { dsl, runtimeConf, createTime: Date.now() },
    });
    const longer = withValue(conf, ['job_parameters', 'common', 'timeout'], 36_000);

    expect(await attempt([create(longer)])).toEqual([
      [
        403,
        108,
        `job.create refused: job ${jobId} exists here with another plan: its dsl and runtime_conf must be the ones first sent`,
      ],
    ]);
    expect(await snapshots()).toEqual(before);

    // The initiator's redelivery of the same plan is still answered as the first one was.
    expect(await attempt([create(conf)])).toEqual([[200, 0, 'success']]);
    const after = await Promise.all(
      [GUEST, HOST].map((party) => snapshotSite(federation.site(party), { exceptDeliveries: true })),
    );
    expect(after).toEqual(
      before.map((snapshot) => ({
        ...snapshot,
        items: snapshot.items.filter((item) => !/^(WEBHOOK|MESSAGE)#/.test(String(item.PK))).map(withoutContact),
      })),
    );
  });

  it('leaves J as submitted: waiting at every party, initiated by guest 9999', async () => {
    const records = await Promise.all(
      [GUEST, HOST].map((party) => federation.site(party).services.jobs.getJobRecords(jobId)),
    );
    expect(
      records.flat().map((job) => [job.role, job.partyId, job.status, job.initiatorRole, job.initiatorPartyId]),
    ).toEqual([
      ['guest', GUEST, 'waiting', 'guest', GUEST],
      ['arbiter', HOST, 'waiting', 'guest', GUEST],
      ['host', HOST, 'waiting', 'guest', GUEST],
    ]);
  });
});
