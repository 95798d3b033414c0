import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toyJob } from '../../../cli/commands/test-toy.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import { readTarGz } from '../../../functions/services/tracking/output-archive.js';
import { secureAddValues } from '../../../runner/components/secure-add-example.js';
import type { TestFederation } from '../../support/local-federation.js';
import {
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  startSchedulingFederation,
  submit,
  waitForJobEnd,
  waitForJobEndEverywhere,
} from './support.js';

/** 300,000 bytes are 400,000 characters of base64: the ping and each pong travel as two parts. */
const PAYLOAD_BYTES = 300_000;
const SEED = 2n ** 130n + 12_345_678_901_234_567_890n;

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const payload = Uint8Array.from({ length: PAYLOAD_BYTES }, (_, i) => (i * 7 + 3) % 256);
const hello = (id: number, role: string, party: number): string => {
  const bytes = `${role} ${party}`;
  return `${id},hello,${role},${party},${2n ** 64n + BigInt(party)},${bytes.length},${sha256(bytes)}`;
};
const HEADER = 'id,tag,from_role,from_party,n,bytes_length,bytes_sha256';

/** One Exchange component: every party's task talks to the two others through real runner processes. */
const job = {
  ...jobOf({ components: {}, parameters: { exchange_0: { payload_bytes: PAYLOAD_BYTES, timeout_seconds: 60 } } }),
  dsl: { components: { exchange_0: { module: 'Exchange', output: { data: ['data'] } } } },
};

describe("a component's tasks exchanging values through the federation's data plane", () => {
  let federation: TestFederation;
  let jobId: string;
  let toyJobId: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    // FATE's toy job (`flow test toy`) beside it: SecureAddExample between real runners.
    const toy = await federation.post(
      GUEST,
      '/v1/job/submit',
      toyJob({ guestPartyId: '9999', hostPartyId: '10000', taskCores: 1 }),
    );
    toyJobId = String(toy.jobId);
    // A ceiling for a loaded machine (three runners start, each takes seconds there).
    await waitForJobEnd(federation, jobId, 90_000);
    await waitForJobEndEverywhere(federation, jobId, 15_000);
    await waitForJobEnd(federation, toyJobId, 60_000);
    await waitForJobEndEverywhere(federation, toyJobId, 15_000);
  }, 180_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  const output = async (role: string, partyId: number): Promise<string> => {
    const key = `outputs/${jobId}/exchange_0/${role}/${partyId}/v0/data.csv`;
    return new TextDecoder().decode(await federation.site(partyId).services.objects.get(key));
  };

  it('succeeds at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 success',
      'guest 9999 success',
      'host 10000 success',
    ]);
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'exchange_0 v0 arbiter 10000 success',
      'exchange_0 v0 guest 9999 success',
      'exchange_0 v0 host 10000 success',
    ]);
  });

  it("has the guest record each party's answer (the bigint doubled, the bytes reversed) and every hello", async () => {
    const pong = (id: number, role: string) =>
      `${id},pong,${role},${HOST},${SEED * 2n},${PAYLOAD_BYTES},${sha256(payload.slice().reverse())}`;

    expect(await output('guest', GUEST)).toBe(
      `${[HEADER, pong(0, 'host'), pong(1, 'arbiter'), hello(2, 'host', HOST), hello(3, 'arbiter', HOST)].join('\n')}\n`,
    );
  });

  it("has the host and the arbiter record the guest's ping and the hellos, one of them from the same site", async () => {
    const ping = `0,ping,guest,${GUEST},${SEED},${PAYLOAD_BYTES},${sha256(payload)}`;

    expect(await output('host', HOST)).toBe(
      `${[HEADER, ping, hello(1, 'guest', GUEST), hello(2, 'arbiter', HOST)].join('\n')}\n`,
    );
    expect(await output('arbiter', HOST)).toBe(
      `${[HEADER, ping, hello(1, 'guest', GUEST), hello(2, 'host', HOST)].join('\n')}\n`,
    );
  });

  it('stored the large ping as two parts at the receiving site, and the same-site hello whole', async () => {
    const { transfers } = federation.site(HOST).services;
    const parts = (src: PartyRef, dest: PartyRef, tag: string) =>
      transfers
        .listParts({ jobId, src, dest, tag: `exchange_0/0/${tag}` })
        .then((found) => found.map((part) => `${part.index}/${part.count}`));
    const guest: PartyRef = { role: 'guest', partyId: GUEST };
    const host: PartyRef = { role: 'host', partyId: HOST };
    const arbiter: PartyRef = { role: 'arbiter', partyId: HOST };

    expect(await parts(guest, host, 'ping')).toEqual(['1/2', '2/2']);
    expect(await parts(host, arbiter, 'hello')).toEqual(['1/1']);
  });

  it("runs FATE's toy job: each party's log, downloaded as FATE's job log, ends with the exact secure sum", async () => {
    const sum = (seed: number) => secureAddValues(seed, 1000).reduce((a, b) => a + b, 0n);
    const success = (role: string) => `${role}: success to calculate secure_sum, it is ${sum(123) + sum(321)}`;
    expect(await jobStatuses(federation, toyJobId)).toEqual(['guest 9999 success', 'host 10000 success']);
    for (const [role, partyId] of [
      ['guest', GUEST],
      ['host', HOST],
    ] as const) {
      const log = await federation.client(partyId).fetchFile('POST', '/v1/job/log/download', { job_id: toyJobId });
      const info = (await readTarGz(log.body)).get(`${role}/${partyId}/INFO.log`)?.toString() ?? '';
      const lines = info.split('\n').filter((line) => line.includes(`secure_add_${role}`));
      // The time varies; the rest of FATE's line is exact.
      expect(lines.at(-1)?.replace(/^\[INFO\] \[[^\]]+\] /, '')).toBe(
        `[${toyJobId}] [secure_add_example_0 v0] - secure_add_${success(role)}`,
      );
    }
  });
});
