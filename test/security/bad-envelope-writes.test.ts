import { readFileSync } from 'node:fs';
import { create, toBinary } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PeerReply } from '../../functions/domain/ports/peer-client.js';
import { signWebhook } from '../../functions/domain/signing/standard-webhooks.js';
import { decodeReply } from '../../functions/federation/codec/index.js';
import type { LocalSite } from '../../local/site/local-site.js';
import {
  type Envelope,
  EnvelopeSchema,
  JobCreateSchema,
  PartyRefSchema,
  Role,
  TaskReportSchema,
  TaskStartSchema,
  TransferSchema,
} from '../../proto/fateflow/federation/v1/federation_pb.js';
import { exampleJob } from '../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { apiEvent } from '../unit/api/support/api-events.js';
import { snapshotSite } from './support/store-snapshot.js';

/**
 * What the federation fuzz found, each pinned down: envelopes signed with the real key of a
 * registered peer (10000) that reached a handler of the guest (9999) and were answered 500, or
 * left a write behind. Each is now answered (200) with retcode 101 and a message naming the field,
 * and both stores hold nothing new but the delivery records every checked message leaves.
 */

const GUEST = 9999;
const HOST = 10000;
const PEER_JOB = '202612010000000000009';

const party = (role: Role, partyId: number) => create(PartyRefSchema, { role, partyId: BigInt(partyId) });

function envelope(jobId: string, source: Envelope['source'], command: Envelope['command']): Uint8Array {
  return toBinary(
    EnvelopeSchema,
    create(EnvelopeSchema, {
      messageId: `bad-envelope-${Math.random()}`,
      source,
      destination: source?.role === Role.GUEST ? party(Role.HOST, GUEST) : party(Role.GUEST, GUEST),
      jobId,
      createdTimeMs: BigInt(Date.now()),
      command,
    }),
  );
}

/** The scheduling demo as the peer's job: it is the initiator (guest), the guest site its host. */
function peerJobTexts(changeConf: (conf: string) => string = (conf) => conf): { dsl: string; conf: string } {
  const read = (file: string) =>
    readFileSync(new URL(`../../examples/scheduling-demo/${file}`, import.meta.url), 'utf8');
  const conf = JSON.parse(read('conf.json')) as Record<string, unknown>;
  const peerConf = {
    ...conf,
    initiator: { role: 'guest', party_id: HOST },
    role: { guest: [HOST], host: [GUEST], arbiter: [HOST] },
  };
  return { dsl: read('dsl.json'), conf: changeConf(JSON.stringify(peerConf)) };
}

const jobCreate = (texts: { dsl: string; conf: string }): Envelope['command'] => ({
  case: 'jobCreate',
  value: create(JobCreateSchema, { dslJson: texts.dsl, runtimeConfJson: texts.conf, createTimeMs: BigInt(Date.now()) }),
});

describe('a refused envelope writes nothing', () => {
  let federation: TestFederation;
  let sites: LocalSite[];
  let jobId: string;
  let peerKeys: readonly string[];

  const deliver = async (body: Uint8Array): Promise<{ status: number; reply: PeerReply }> => {
    const headers = signWebhook({
      id: `bad_envelope_${Math.random().toString(36).slice(2)}`,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secretKeys: peerKeys,
    });
    const result = await federation.site(GUEST).handlers.federation(
      apiEvent({
        path: '/v1/federation',
        headers: { ...headers, 'content-type': 'application/x-protobuf' },
        body: Buffer.from(body),
      }),
    );
    return {
      status: result.statusCode ?? 0,
      reply: decodeReply(new Uint8Array(Buffer.from(result.body ?? '', 'base64'))),
    };
  };

  beforeAll(async () => {
    federation = await startTestFederation();
    sites = [federation.site(GUEST), federation.site(HOST)];
    peerKeys = await federation.site(HOST).services.signingKeys.secretKeys();
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    jobId = String(submitted.jobId);
    // The peer's own job at the guest, so that its task commands reach their handler.
    const created = await deliver(envelope(PEER_JOB, party(Role.GUEST, HOST), jobCreate(peerJobTexts())));
    expect(created.reply.retcode).toBe(0);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  const cases: [string, () => Uint8Array, string][] = [
    [
      'a task.start for a component of 5,000 characters (was: 500 on the DynamoDB key size)',
      () =>
        envelope(PEER_JOB, party(Role.GUEST, HOST), {
          case: 'taskStart',
          value: create(TaskStartSchema, { component: 'c'.repeat(5000), taskVersion: 0 }),
        }),
      `task.start: component "${'c'.repeat(36)}... is not a component name (letters, digits, "_" and "-", at most 100 characters)`,
    ],
    [
      'a task.report for a component of 300,000 characters',
      () =>
        envelope(jobId, party(Role.HOST, HOST), {
          case: 'taskReport',
          value: create(TaskReportSchema, { component: 'r'.repeat(300_000), taskVersion: 0, partyStatus: 2 }),
        }),
      `task.report: component "${'r'.repeat(36)}... is not a component name (letters, digits, "_" and "-", at most 100 characters)`,
    ],
    [
      'a transfer whose tag is 420,000 characters (was: 500, its refusal too large to store as the answer)',
      () =>
        envelope(jobId, party(Role.HOST, HOST), {
          case: 'transfer',
          value: create(TransferSchema, {
            tag: 'x'.repeat(420_000),
            payload: { case: 'inline', value: new Uint8Array(1) },
          }),
        }),
      `transfer tag "${'x'.repeat(36)}... is not "<component>/<task version>/<tag>"`,
    ],
    [
      'a job.create whose runtime conf nests 20,000 levels deep',
      () =>
        envelope(
          '202612010000000000010',
          party(Role.GUEST, HOST),
          jobCreate(peerJobTexts((conf) => `${conf.slice(0, -1)},"deep":${'['.repeat(20_000)}${']'.repeat(20_000)}}`)),
        ),
      'runtime_conf.deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nests objects and arrays more than 20 levels deep (the limit)',
    ],
    [
      'a job.create with a "__proto__" key in a component parameter (was: 500, the SDK sent an empty value)',
      () =>
        envelope(
          '202612010000000000011',
          party(Role.GUEST, HOST),
          jobCreate(peerJobTexts((conf) => conf.replace('"rows":20', '"rows":20,"__proto__":{"polluted":true}'))),
        ),
      'runtime_conf.component_parameters.common.source_0.__proto__: cannot be a key: the store would drop it (JavaScript reads "__proto__" as the prototype)',
    ],
  ];

  it.each(cases)(
    'refuses %s',
    async (_what, build, message) => {
      const before = await Promise.all(sites.map((site) => snapshotSite(site, { exceptDeliveries: true })));
      const answer = await deliver(build());
      expect(answer).toEqual({ status: 200, reply: { retcode: 101, retmsg: message } });
      expect(await Promise.all(sites.map((site) => snapshotSite(site, { exceptDeliveries: true })))).toEqual(before);
    },
    30_000,
  );
});
