/**
 * Finding 4, its federation part: a `task.report` with task_version ≥ 10⁶ answered 500 (the
 * version is a 6-digit key segment). Numbers a key cannot hold are now refused at decode with a
 * 400 naming the field, before anything is read or written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role, StopStatus, TaskStatus } from '../../proto/fateflow/federation/v1/federation_pb.js';
import { exampleJob } from '../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { deliver, GUEST, HOST, handmadeEnvelope, signedBody } from './support/federation-peer.js';
import { snapshotSite } from './support/store-snapshot.js';

const guestRef = { role: Role.GUEST, partyId: BigInt(GUEST) };
const hostRef = { role: Role.HOST, partyId: BigInt(HOST) };

describe('numbers out of the range the store keys hold', () => {
  let federation: TestFederation;
  let jobId: string;

  beforeAll(async () => {
    federation = await startTestFederation();
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);
    jobId = String(submitted.jobId);
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  const cases: Array<[string, number, () => Uint8Array, number, string]> = [
    [
      "a host's task.report of version 10⁶ to the initiator",
      GUEST,
      () =>
        handmadeEnvelope({
          jobId,
          source: hostRef,
          destination: guestRef,
          command: {
            case: 'taskReport',
            value: { component: 'reader_0', taskVersion: 1_000_000, partyStatus: TaskStatus.SUCCESS },
          },
        }),
      HOST,
      'envelope.task_report.task_version: must be an integer from 0 to 999999, got 1000000',
    ],
    [
      "the initiator's task.start of version 10⁶",
      HOST,
      () =>
        handmadeEnvelope({
          jobId,
          command: { case: 'taskStart', value: { component: 'reader_0', taskVersion: 1_000_000 } },
        }),
      GUEST,
      'envelope.task_start.task_version: must be an integer from 0 to 999999, got 1000000',
    ],
    [
      "the initiator's task.stop of the largest uint32 version",
      HOST,
      () =>
        handmadeEnvelope({
          jobId,
          command: {
            case: 'taskStop',
            value: { component: 'reader_0', taskVersion: 4_294_967_295, status: StopStatus.CANCELED },
          },
        }),
      GUEST,
      'envelope.task_stop.task_version: must be an integer from 0 to 999999, got 4294967295',
    ],
    [
      'a job.create time of 16 digits',
      HOST,
      () =>
        handmadeEnvelope({
          jobId: '202611271544180000009',
          command: {
            case: 'jobCreate',
            value: { dslJson: '{}', runtimeConfJson: '{}', createTimeMs: 10n ** 15n },
          },
        }),
      GUEST,
      'envelope.job_create.create_time_ms: must be an integer from 0 to 999999999999999, got 1000000000000000',
    ],
  ];

  it.each(cases)(
    'refuses %s with 400 naming the field, and changes nothing',
    async (_name, to, build, signer, message) => {
      const site = federation.site(to);
      const before = await snapshotSite(site);
      const keys = await federation.site(signer).services.signingKeys.secretKeys();

      const answer = await deliver(federation, to, signedBody(build(), keys));

      expect([answer.status, answer.reply]).toEqual([400, { retcode: 101, retmsg: message }]);
      expect(await snapshotSite(site)).toEqual(before);
    },
  );
});
