import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DetectorPass, detect } from '../../../functions/services/detector/detect.js';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  type JobRow,
  jobOf,
  jobRows,
  sleep,
  startSchedulingFederation,
  submit,
  type TaskRow,
  taskRows,
  waitFor,
  waitForWorkingRunners,
} from './support.js';

/** slow_0 sleeps 120 s at the guest and the host: longer than the whole test. */
const job = jobOf({
  arbiter: false,
  components: { slow_0: component('Sleep') },
  jobParameters: { auto_retries: 0 },
  parameters: { slow_0: { seconds: 120 } },
});

const TAG = /^federated_error: host 10000 did not answer for \d+ s$/;

/**
 * FATE's FederatedDetector: the initiator checks every other party of a running job on each sweep.
 * Here the network between the guest and the host breaks mid-job (the guest's registry points the
 * host at a closed port), while the host's task runs on. The guest's sweeps (with a silence limit
 * of zero, so the second sweep decides) fail the job. When the network heals, the host learns the
 * job's end from the initiator's re-sent stop, and its task is stopped.
 */
describe('a party that stops answering while its job runs', () => {
  let federation: TestFederation;
  let jobId: string;
  let passes: DetectorPass[];
  let guestJob: JobRow | undefined;
  let hostJob: JobRow;
  let hostTask: TaskRow | undefined;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    await waitForWorkingRunners(federation, jobId, 'slow_0', 2, 'sleeping 120 s', { up: 10_000, working: 10_000 });
    const guest = federation.site(GUEST).services;
    const host = await guest.parties.getParty(HOST);
    if (host === undefined) throw new Error('the guest does not know the host');
    await guest.parties.putParty({ ...host, endpoint: 'https://127.0.0.1:9' });
    passes = [await detect(guest, { peerSilenceLimitMs: 0 })];
    await sleep(5);
    passes.push(await detect(guest, { peerSilenceLimitMs: 0 }));
    guestJob = (await jobRows(federation, GUEST, jobId))[0];
    await guest.parties.putParty(host);
    // The sweep after the network heals re-sends the job's end (the site's own loop would too, later).
    await detect(guest);
    hostJob = await waitFor(
      async () => (await jobRows(federation, HOST, jobId)).find((r) => r.f_status === 'failed' && TAG.test(r.f_tag)),
      20_000,
      async () => `the host's job never failed with the tag: ${JSON.stringify(await jobRows(federation, HOST, jobId))}`,
    );
    hostTask = (await taskRows(federation, HOST, jobId)).find((t) => t.f_run_on_this_party);
  }, 60_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('starts the silence clock on the first sweep and fails the job on the next one past the limit', () => {
    expect(passes.map((p) => p.silentPeerJobs)).toEqual([0, 1]);
  });

  it('fails the job at the initiator with a tag naming the silent party', () => {
    expect(guestJob?.f_status).toBe('failed');
    expect(guestJob?.f_tag).toMatch(TAG);
  });

  it("stops the guest's running task", async () => {
    const task = (await taskRows(federation, GUEST, jobId)).find((t) => t.f_run_on_this_party);
    expect([task?.f_party_status, task?.f_error_report]).toEqual(['failed', 'stopped: job failed']);
  });

  it('tells the host the end and its reason once the network heals, and stops its task', () => {
    expect(hostJob.f_tag).toMatch(TAG);
    expect([hostTask?.f_party_status, hostTask?.f_error_report]).toEqual(['failed', 'stopped: job failed']);
  });
});
