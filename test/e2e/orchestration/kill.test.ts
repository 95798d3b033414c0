import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  isProcessAlive,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  type RunnerProcess,
  runnerAt,
  runnerProcesses,
  startSchedulingFederation,
  submit,
  type TaskRow,
  taskRows,
  waitFor,
  waitForJobEndEverywhere,
  waitForReports,
  waitForResourcesReturned,
  waitForTask,
  waitForWorkingRunners,
} from './support.js';

/**
 * slow_0 sleeps 120 s at the guest and the host, without retries: far longer than its runners take
 * to start on a loaded machine (the kill and the job's failure end it long before).
 */
const job = jobOf({
  arbiter: false,
  components: {
    slow_0: component('Sleep'),
    after_0: component('PassThrough', { data: ['slow_0.data'] }),
  },
  jobParameters: { auto_retries: 0 },
  parameters: { slow_0: { seconds: 120 } },
});

describe("kill -9 of the host's task process", () => {
  let federation: TestFederation;
  let jobId: string;
  let runners: RunnerProcess[];
  let failedTask: TaskRow;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    // Ceilings for a loaded machine, where a runner takes seconds to start: readiness, not timing.
    runners = await waitForWorkingRunners(federation, jobId, 'slow_0', 2, 'sleeping 120 s', {
      up: 30_000,
      working: 20_000,
    });
    const host = runnerAt(runners, 'host');
    process.kill(host.pid, 'SIGKILL');
    failedTask = await waitForTask(
      federation,
      jobId,
      { component: 'slow_0', role: 'host', partyId: HOST },
      'failed',
      20_000,
    );
    await waitForJobEndEverywhere(federation, jobId, 15_000);
    await waitForReports(federation, jobId, 10_000);
  }, 120_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  // From the process's exit, not a detector sweep: the sweep finds only that the worker is gone
  // ("task executor process abort: its worker is gone"), the exit names the signal.
  it('fails the task from its exit, with a reason naming the kill', () => {
    expect(failedTask.f_error_report).toBe('task executor process abort: killed by SIGKILL');
  });

  it("shows the reason at the initiator, and the guest's task stopped by the job's failure", async () => {
    const slow = (await taskRows(federation, GUEST, jobId)).filter((t) => t.f_component_name === 'slow_0');
    expect(slow.map((t) => [t.f_role, t.f_party_status, t.f_error_report]).sort()).toEqual([
      ['guest', 'failed', 'stopped: job failed'],
      ['host', 'failed', 'task executor process abort: killed by SIGKILL'],
    ]);
  });

  it('fails the job at both parties, stopping the guest task', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'slow_0 v0 guest 9999 failed',
      'slow_0 v0 host 10000 failed',
    ]);
  });

  it("kills the guest's runner too", async () => {
    await waitFor(
      async () => ((await Promise.all(runners.map((r) => isProcessAlive(r.pid)))).some(Boolean) ? undefined : true),
      5_000,
      () => `runners ${runners.map((r) => r.pid).join(', ')} still alive`,
    );
    expect(await runnerProcesses(jobId)).toEqual([]);
  });

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 5_000)).toEqual([
      { partyId: 9999, cores: 20, remainingCores: 20, grants: [] },
      { partyId: 10000, cores: 20, remainingCores: 20, grants: [] },
    ]);
  });
});
