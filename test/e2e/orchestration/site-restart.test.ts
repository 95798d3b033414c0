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
  SWEEP_MS,
  sleep,
  startSchedulingFederation,
  submit,
  taskRows,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
  waitForResourcesReturned,
  waitForTask,
  waitForWorkingRunners,
} from './support.js';

/** source_0 → slow_0 (at once at the guest, 3 s at the host) → after_0, without retries. */
const job = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    slow_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['slow_0.data'] }),
  },
  jobParameters: { auto_retries: 0 },
  roleParameters: { host: { '0': { slow_0: { seconds: 3 } } } },
});

/** One federation (on disk: a restarted site gets its data back) for both outages, one after the other. */
let federation: TestFederation;
beforeAll(async () => {
  federation = await startSchedulingFederation({ persistent: true });
}, 30_000);
afterAll(async () => {
  await federation.stop();
}, 20_000);

describe('the host site shut down and restarted while a task of the job runs', () => {
  let jobId: string;

  beforeAll(async () => {
    jobId = await submit(federation, job);
    // Ceilings for a loaded machine, where a runner takes seconds to start: readiness, not timing.
    await waitForTask(federation, jobId, { component: 'slow_0', role: 'guest', partyId: GUEST }, 'success', 60_000);
    await waitForWorkingRunners(federation, jobId, 'slow_0', 1, 'sleeping 3 s', { up: 30_000, working: 20_000 });
    await federation.stopSite(HOST);
    await sleep(2_000);
    await federation.startSite(HOST);
    await waitForJobEnd(federation, jobId, 60_000);
    await waitForJobEndEverywhere(federation, jobId, 15_000);
    await waitForReports(federation, jobId, 5_000);
  }, 180_000);

  // The host's runner is stopped by its site's shutdown, not by a failure: the restarted host
  // reports its task canceled as interrupted, and the initiator runs the component again in a new
  // version at both parties without spending a retry — the job has none (auto_retries 0) and
  // still succeeds.
  it('ends success at both parties', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 success']);
  });

  it('runs the interrupted component again in a new version everywhere, the interruption named at the initiator', async () => {
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 success',
      'after_0 v0 host 10000 success',
      'slow_0 v0 guest 9999 success',
      'slow_0 v0 host 10000 canceled',
      'slow_0 v1 guest 9999 success',
      'slow_0 v1 host 10000 success',
      'source_0 v0 guest 9999 success',
      'source_0 v0 host 10000 success',
    ]);
    const interrupted = (await taskRows(federation, GUEST, jobId)).filter(
      (t) => t.f_component_name === 'slow_0' && t.f_task_version === 0,
    );
    expect(interrupted.map((t) => [t.f_role, t.f_party_status, t.f_error_report]).sort()).toEqual([
      ['guest', 'success', ''],
      ['host', 'canceled', 'interrupted: party 10000 shut down while the task ran'],
    ]);
    expect(await runnerProcesses(jobId)).toEqual([]);
  });

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 10_000)).toEqual([
      { partyId: 9999, cores: 20, remainingCores: 20, grants: [] },
      { partyId: 10000, cores: 20, remainingCores: 20, grants: [] },
    ]);
  });
});

/**
 * bad_0 fails at once at the guest and need not run at the host. The host site goes down once
 * its part is done and stays down for longer than the initiator's peer client retries a call
 * (6 attempts, backoff up to ≈7.8 s), so the initiator's `job.stop` (failed) never reaches it.
 */
const failsWhileHostIsDown = jobOf({
  arbiter: false,
  components: { bad_0: component('Sleep') },
  jobParameters: { auto_retries: 0 },
  roleParameters: {
    guest: { '0': { bad_0: { fail: true } } },
    host: { '0': { bad_0: { need_run: false } } },
  },
});

/**
 * Longer than the peer client's retries of one call: at most ≈ 7.8 s of backoff, and each attempt
 * at a site that is down is refused at once.
 */
const LONG_OUTAGE_MS = 9_000;

// On the federation the first outage left running again.
describe('the host site down for longer than the federation retries while the job fails', () => {
  let jobId: string;
  let atInitiator: string;

  beforeAll(async () => {
    jobId = await submit(federation, failsWhileHostIsDown);
    await waitForTask(federation, jobId, { component: 'bad_0', role: 'host', partyId: HOST }, 'pass', 15_000);
    await federation.stopSite(HOST);
    atInitiator = (await waitForJobEnd(federation, jobId, 10_000)).status;
    await sleep(LONG_OUTAGE_MS);
    await federation.startSite(HOST);
  }, 40_000);

  it('fails the job at the initiator while the host is down', () => {
    expect(atInitiator).toBe('failed');
  });

  // The end status the host missed must still reach it once it is back (a detector sweep at
  // either side), or its record stays running forever.
  // Two sweeps suffice on an idle machine; the ceiling is for a loaded one (without the re-send the
  // host's record stays running however long one waits).
  it('ends the job failed at the restarted host, re-sent by a detector sweep', async () => {
    // The statuses then say which party is behind.
    await waitForJobEndEverywhere(federation, jobId, 6 * SWEEP_MS).catch(() => undefined);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
  }, 45_000);
});
