import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  isProcessAlive,
  jobOf,
  jobStatuses,
  type RunnerProcess,
  runnerProcesses,
  SWEEP_MS,
  startSchedulingFederation,
  submit,
  waitFor,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
  waitForRunners,
} from './support.js';

/** Long enough for both runners to start on a loaded machine before the job times out (2 s was not, once). */
const TIMEOUT_S = 4;

/** slow_0 sleeps 20 s at the guest and the host; the job may take 4 s. */
const job = jobOf({
  arbiter: false,
  components: {
    slow_0: component('Sleep'),
    after_0: component('PassThrough', { data: ['slow_0.data'] }),
  },
  jobParameters: { timeout: TIMEOUT_S },
  parameters: { slow_0: { seconds: 20 } },
});

/**
 * The site's own detector loop times the job out within a sweep, and the runners' processes die.
 * The tasks' statuses, their reasons and the returned cores are checked in memory
 * (test/unit/services/detector/task-sweeps.test.ts).
 */
describe('a job past its timeout', () => {
  let federation: TestFederation;
  let jobId: string;
  let submittedAt: number;
  let endedAt: number;
  let runners: RunnerProcess[];

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    submittedAt = Date.now();
    jobId = await submit(federation, job);
    runners = await waitForRunners(jobId, 'slow_0', 2, 10_000);
    // The detector sweeps every SWEEP_MS: the first sweep after the timeout stops the job.
    const ended = await waitForJobEnd(federation, jobId, TIMEOUT_S * 1000 + SWEEP_MS + 5_000);
    endedAt = ended.at;
    await waitForJobEndEverywhere(federation, jobId, 5_000);
    await waitForReports(federation, jobId, 5_000);
  }, 40_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('is timed out at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 timeout', 'host 10000 timeout']);
  });

  it('is timed out within one detector sweep after its timeout', () => {
    // Counted from submit, as FATE counts it; 1 s for the stop to go round and for polling.
    expect(endedAt - submittedAt).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
    expect(endedAt - submittedAt).toBeLessThan(TIMEOUT_S * 1000 + SWEEP_MS + 1_000);
  });

  it('kills both runner processes', async () => {
    await waitFor(
      async () => {
        const alive = await Promise.all(runners.map((r) => isProcessAlive(r.pid)));
        return alive.every((a) => !a) ? true : undefined;
      },
      5_000,
      () => `runners ${runners.map((r) => r.pid).join(', ')} still alive`,
    );
    expect(await runnerProcesses(jobId)).toEqual([]);
  });
});
