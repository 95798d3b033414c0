import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  runnerProcesses,
  sleep,
  startSchedulingFederation,
  submit,
  waitForJobEndEverywhere,
  waitForReports,
  waitForRunners,
} from './support.js';

/** source_0 → slow_0 (30 s) → after_0 at the guest and the host. */
const job = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    slow_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['slow_0.data'] }),
  },
  parameters: { slow_0: { seconds: 30 } },
});

/**
 * Messages between sites can arrive late and out of order: the peer client retries a `task.start`
 * that timed out, and a `job.stop` sent after it may get there first. A start that reaches a
 * party whose job has already ended must start nothing there.
 */
describe('a task start that reaches a party after its job was stopped', () => {
  let federation: TestFederation;
  let jobId: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    await waitForRunners(jobId, 'slow_0', 2, 15_000);
    expect((await federation.post(GUEST, '/v1/job/stop', { job_id: jobId })).retcode).toBe(0);
    await waitForJobEndEverywhere(federation, jobId, 5_000);
    await waitForReports(federation, jobId, 5_000);
    // The initiator's own signed HTTPS client delivers the late start, as a retry would.
    await federation.site(GUEST).services.peers.call({
      command: 'task.start',
      jobId,
      src: { role: 'guest', partyId: GUEST },
      dest: { role: 'host', partyId: HOST },
      body: { component: 'after_0', taskVersion: 0 },
    });
    // Long enough for a runner to be launched and to finish a PassThrough.
    await sleep(3_000);
  }, 40_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('leaves the job canceled at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
  });

  it('starts no task of the ended job at the party', async () => {
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'slow_0 v0 guest 9999 canceled',
      'slow_0 v0 host 10000 canceled',
      'source_0 v0 guest 9999 success',
      'source_0 v0 host 10000 success',
    ]);
    expect(await runnerProcesses(jobId)).toEqual([]);
  });
});
