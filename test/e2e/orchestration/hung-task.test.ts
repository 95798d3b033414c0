import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DetectorPass, detect } from '../../../functions/services/detector/detect.js';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  isProcessAlive,
  jobOf,
  jobStatuses,
  type RunnerProcess,
  runnerAt,
  sleep,
  startSchedulingFederation,
  submit,
  type TaskRow,
  taskRows,
  waitFor,
  waitForJobEndEverywhere,
  waitForTask,
  waitForWorkingRunners,
} from './support.js';

/**
 * slow_0 sleeps 120 s at the guest and the host, without retries: far longer than its runners take
 * to start on a loaded machine (the detector ends it long before).
 */
const job = jobOf({
  arbiter: false,
  components: { slow_0: component('Sleep') },
  jobParameters: { auto_retries: 0 },
  parameters: { slow_0: { seconds: 120 } },
});

/**
 * A runner beats every 10 s; a hung one stops beating while its process lives on, so the
 * detector's dead-worker check cannot see it. The host's sweep here runs with a first-heartbeat
 * limit of half a second, which a runner just started is already past: its task counts as hung.
 */
describe("the host's task stops beating while its process lives", () => {
  let federation: TestFederation;
  let jobId: string;
  let hostRunner: RunnerProcess;
  let pass: DetectorPass;
  let failedTask: TaskRow;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    // Ceilings for a loaded machine, where a runner takes seconds to start: readiness, not timing.
    const runners = await waitForWorkingRunners(federation, jobId, 'slow_0', 2, 'sleeping 120 s', {
      up: 30_000,
      working: 20_000,
    });
    const host = runnerAt(runners, 'host');
    hostRunner = host;
    await sleep(600);
    pass = await detect(federation.site(HOST).services, {
      deadTaskGraceMs: 0,
      firstHeartbeatTimeoutMs: 500,
      heartbeatTimeoutMs: 500,
    });
    failedTask = await waitForTask(
      federation,
      jobId,
      { component: 'slow_0', role: 'host', partyId: HOST },
      'failed',
      15_000,
    );
    await waitForJobEndEverywhere(federation, jobId, 20_000);
  }, 120_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('counts one hung task and no dead one', () => {
    expect([pass.hungTasks, pass.deadTasks]).toEqual([1, 0]);
  });

  it('fails the task with a reason naming the missing heartbeat', () => {
    expect(failedTask.f_error_report).toMatch(/^task executor process abort: no heartbeat \d+ s after its launch$/);
  });

  it('stops the hung runner process', async () => {
    await waitFor(
      async () => ((await isProcessAlive(hostRunner.pid)) ? undefined : true),
      5_000,
      () => `the host's runner ${hostRunner.pid} still runs`,
    );
    expect(await isProcessAlive(hostRunner.pid)).toBe(false);
  });

  it('fails the job at both parties, stopping the guest task', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    const guest = (await taskRows(federation, GUEST, jobId)).find((t) => t.f_run_on_this_party);
    expect([guest?.f_party_status, guest?.f_error_report]).toEqual(['failed', 'stopped: job failed']);
  });
});
