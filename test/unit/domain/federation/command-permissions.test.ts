import { describe, expect, it } from '@jest/globals';
import { senderMayCall } from '../../../../functions/domain/federation/command-permissions.js';
import type { JsonObject } from '../../../../functions/domain/job/deep-merge.js';
import { planDigest } from '../../../../functions/domain/job/plan-digest.js';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import type { JobHead } from '../../../../functions/domain/records/job-head.js';

const JOB = '202611271544180123450';
const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
const outsider: PartyRef = { role: 'guest', partyId: 7777 };

const dsl: JsonObject = { components: { reader_0: { module: 'Reader' } } };
const conf = (initiator: PartyRef, extra: JsonObject = {}): JsonObject => ({
  initiator: { role: initiator.role, party_id: initiator.partyId },
  role: { guest: [9999], host: [10000], arbiter: [10000] },
  ...extra,
});
const head: JobHead = {
  jobId: JOB,
  initiator: guest,
  roles: { guest: [9999], host: [10000], arbiter: [10000] },
  planDigest: planDigest(dsl, conf(guest)),
};

const create = (src: PartyRef, runtimeConf: JsonObject, dest: PartyRef = host): FederatedMessage<'job.create'> => ({
  command: 'job.create',
  jobId: JOB,
  src,
  dest,
  body: { dsl, runtimeConf, createTime: 1 },
});
const message = (command: FederatedMessage['command'], src: PartyRef, dest: PartyRef): FederatedMessage =>
  ({ command, jobId: JOB, src, dest, body: {} }) as FederatedMessage;

describe('senderMayCall: job.create', () => {
  it('takes a first create from the initiator its conf names', () => {
    expect(senderMayCall(create(outsider, conf(outsider)), undefined)).toEqual({ ok: true });
  });

  it('refuses a create from anyone but the initiator its conf names', () => {
    expect(senderMayCall(create(host, conf(guest)), undefined)).toEqual({
      ok: false,
      reason: `job.create for job ${JOB} must come from its initiator guest 9999, not host 10000`,
    });
    expect(senderMayCall(create(guest, { role: {} }), undefined)).toEqual({
      ok: false,
      reason: 'job.create carries no runtime_conf.initiator',
    });
  });

  it('takes the stored initiator creating the job again with the same plan, in any key order', () => {
    const reordered: JsonObject = {
      role: { arbiter: [10000], host: [10000], guest: [9999] },
      initiator: conf(guest).initiator ?? {},
    };
    expect(senderMayCall(create(guest, reordered, arbiter), head)).toEqual({ ok: true });
  });

  it('refuses anyone else creating an existing job as its initiator', () => {
    expect(senderMayCall(create(outsider, conf(outsider)), head)).toEqual({
      ok: false,
      reason: `job.create refused: job ${JOB} exists here with initiator guest 9999, not guest 7777`,
    });
    expect(senderMayCall(create(host, conf(host)), head)).toEqual({
      ok: false,
      reason: `job.create refused: job ${JOB} exists here with initiator guest 9999, not host 10000`,
    });
  });

  it('refuses the stored initiator creating the job again with another plan', () => {
    expect(senderMayCall(create(guest, conf(guest, { job_parameters: { common: { timeout: 1 } } })), head)).toEqual({
      ok: false,
      reason: `job.create refused: job ${JOB} exists here with another plan: its dsl and runtime_conf must be the ones first sent`,
    });
  });
});

describe('senderMayCall: commands about an existing job', () => {
  it('refuses every command for a job this site does not have', () => {
    expect(senderMayCall(message('job.status', guest, host), undefined)).toEqual({
      ok: false,
      reason: `job ${JOB} is unknown here; only its initiator's job.create may come first`,
    });
  });

  it('refuses a sender or addressee the head does not name', () => {
    expect(senderMayCall(message('transfer', outsider, host), head)).toEqual({
      ok: false,
      reason: `guest 7777 plays no part in job ${JOB}`,
    });
    expect(senderMayCall(message('transfer', host, { role: 'guest', partyId: 10000 }), head)).toEqual({
      ok: false,
      reason: `guest 10000 plays no part in job ${JOB}`,
    });
  });

  it('lets only the initiator schedule, reports go to the initiator, and parties exchange data', () => {
    expect(senderMayCall(message('job.stop', guest, host), head)).toEqual({ ok: true });
    expect(senderMayCall(message('job.stop', host, guest), head)).toEqual({
      ok: false,
      reason: `only the initiator guest 9999 may send job.stop for job ${JOB}`,
    });
    expect(senderMayCall(message('task.report', host, guest), head)).toEqual({ ok: true });
    expect(senderMayCall(message('task.report', guest, arbiter), head)).toEqual({
      ok: false,
      reason: `task reports of job ${JOB} go to its initiator guest 9999`,
    });
    expect(senderMayCall(message('transfer', arbiter, host), head)).toEqual({ ok: true });
  });
});

describe('senderMayCall: model.infer', () => {
  it("goes from the job's guest to its host, and no other way", () => {
    expect(senderMayCall(message('model.infer', guest, host), head)).toEqual({ ok: true });
    expect(senderMayCall(message('model.infer', host, guest), head)).toEqual({
      ok: false,
      reason: `model.infer of job ${JOB} goes from its guest to a host, not host 10000 to guest 9999`,
    });
    expect(senderMayCall(message('model.infer', arbiter, host), head)).toEqual({
      ok: false,
      reason: `model.infer of job ${JOB} goes from its guest to a host, not arbiter 10000 to host 10000`,
    });
    expect(senderMayCall(message('model.infer', outsider, host), head)).toEqual({
      ok: false,
      reason: `guest 7777 plays no part in job ${JOB}`,
    });
  });
});
