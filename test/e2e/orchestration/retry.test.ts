import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  describeTasks,
  GUEST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  sleep,
  startSchedulingFederation,
  submit,
  taskRows,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
  waitForResourcesReturned,
} from './support.js';

const SLEEP_FAILURE = 'ComponentExit: Sleep fails while the task version is below 1 (this is version 0)';

/** source_0 → flaky_0 (fails at version 0) → after_0, at the guest and the host. */
const retried = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    flaky_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['flaky_0.data'] }),
  },
  jobParameters: { auto_retries: 1 },
  parameters: { flaky_0: { fail_while_version_below: 1 } },
});

/**
 * flaky_0 fails at once at the host (version 0 only) while the guest's copy of the same version
 * is still sleeping; with auto_retries 1.
 */
const retriedWhileRunningElsewhere = jobOf({
  arbiter: false,
  components: {
    flaky_0: component('Sleep'),
    after_0: component('PassThrough', { data: ['flaky_0.data'] }),
  },
  jobParameters: { auto_retries: 1 },
  roleParameters: {
    // Long enough to still run when the host's failure arrives, even on a loaded machine: the
    // stop ends it early, so the test does not wait for it.
    guest: { '0': { flaky_0: { seconds: 10 } } },
    host: { '0': { flaky_0: { fail_while_version_below: 1 } } },
  },
});

/**
 * source_0 → flaky_0 → after_0 → last_0 without retries. flaky_0 fails at once at the host; the
 * guest's flaky_0 would sleep on (it does not fail by itself) and is stopped when the job fails.
 */
const failing = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    flaky_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['flaky_0.data'] }),
    last_0: component('PassThrough', { data: ['after_0.data'] }),
  },
  jobParameters: { auto_retries: 0 },
  roleParameters: {
    guest: { '0': { flaky_0: { seconds: 20 } } },
    host: { '0': { flaky_0: { fail_while_version_below: 1 } } },
  },
});

describe('a task that fails', () => {
  let federation: TestFederation;
  let retriedId: string;
  let failingId: string;
  let elsewhereId: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    [retriedId, failingId, elsewhereId] = await Promise.all([
      submit(federation, retried),
      submit(federation, failing),
      submit(federation, retriedWhileRunningElsewhere),
    ]);
    await Promise.all(
      [retriedId, failingId, elsewhereId].map(async (jobId) => {
        await waitForJobEnd(federation, jobId, 35_000);
        await waitForJobEndEverywhere(federation, jobId, 5_000);
        await waitForReports(federation, jobId, 5_000);
      }),
    );
  }, 45_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  describe('once, with auto_retries 1', () => {
    it('succeeds at every party', async () => {
      expect(await jobStatuses(federation, retriedId)).toEqual(['guest 9999 success', 'host 10000 success']);
    });

    it('runs task version 1 to success at every party after version 0 failed, and the rest once', async () => {
      expect(await partyTaskStatuses(federation, retriedId)).toEqual([
        'after_0 v0 guest 9999 success',
        'after_0 v0 host 10000 success',
        'flaky_0 v0 guest 9999 failed',
        'flaky_0 v0 host 10000 failed',
        'flaky_0 v1 guest 9999 success',
        'flaky_0 v1 host 10000 success',
        'source_0 v0 guest 9999 success',
        'source_0 v0 host 10000 success',
      ]);
    });

    it('keeps the failed version with its error report and the combined status at the initiator', async () => {
      const flaky = (await taskRows(federation, GUEST, retriedId)).filter((t) => t.f_component_name === 'flaky_0');
      expect(
        flaky.map((t) => [t.f_task_version, t.f_role, t.f_status, t.f_error_report.split('\n')[0]]).sort(),
      ).toEqual([
        [0, 'guest', 'failed', SLEEP_FAILURE],
        [0, 'host', 'failed', SLEEP_FAILURE],
        [1, 'guest', 'success', ''],
        [1, 'host', 'success', ''],
      ]);
    });
  });

  describe('at one party while the same task still runs at the other, with auto_retries 1', () => {
    it('succeeds at every party', async () => {
      expect(await jobStatuses(federation, elsewhereId)).toEqual(['guest 9999 success', 'host 10000 success']);
    });

    // FATE stops a task at every party once it is interrupted at one (stop_task with the
    // interrupt status) before its new version starts: a party never runs two versions at once.
    it('stops the failed version where it still ran before version 1 starts', async () => {
      expect(await partyTaskStatuses(federation, elsewhereId)).toEqual([
        'after_0 v0 guest 9999 success',
        'after_0 v0 host 10000 success',
        'flaky_0 v0 guest 9999 failed',
        'flaky_0 v0 host 10000 failed',
        'flaky_0 v1 guest 9999 success',
        'flaky_0 v1 host 10000 success',
      ]);
    });
  });

  describe('with auto_retries 0', () => {
    it('fails the job at every party', async () => {
      expect(await jobStatuses(federation, failingId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    });

    it('never starts a component downstream of the failed one, at any party', async () => {
      // Long enough for a late start to show (a task start is immediate; a sweep is 5 s apart).
      await sleep(2_000);
      expect(await partyTaskStatuses(federation, failingId)).toEqual([
        'after_0 v0 guest 9999 waiting',
        'after_0 v0 host 10000 waiting',
        'flaky_0 v0 guest 9999 failed',
        'flaky_0 v0 host 10000 failed',
        'last_0 v0 guest 9999 waiting',
        'last_0 v0 host 10000 waiting',
        'source_0 v0 guest 9999 success',
        'source_0 v0 host 10000 success',
      ]);
      const downstream = (await Promise.all([GUEST, 10000].map((party) => taskRows(federation, party, failingId))))
        .flat()
        .filter((t) => t.f_component_name === 'after_0' || t.f_component_name === 'last_0');
      // The guest holds its own tasks and a holder of each of the host's; the host its own.
      expect(downstream.filter((t) => t.f_status_history.length > 0 || t.f_task_version !== 0)).toEqual([]);
      expect(describeTasks(downstream, 'combined')).toEqual([
        'after_0 v0 guest 9999 waiting',
        'after_0 v0 host 10000 waiting',
        'after_0 v0 host 10000 waiting',
        'last_0 v0 guest 9999 waiting',
        'last_0 v0 host 10000 waiting',
        'last_0 v0 host 10000 waiting',
      ]);
    });

    it("shows the failing party's error report at the initiator, and the stopped party's reason", async () => {
      const flaky = (await taskRows(federation, GUEST, failingId)).filter((t) => t.f_component_name === 'flaky_0');
      expect(flaky.map((t) => [t.f_role, t.f_party_status, t.f_error_report.split('\n')[0]]).sort()).toEqual([
        ['guest', 'failed', 'stopped: job failed'],
        ['host', 'failed', SLEEP_FAILURE],
      ]);
    });
  });

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 5_000)).toEqual([
      { partyId: 9999, cores: 20, remainingCores: 20, grants: [] },
      { partyId: 10000, cores: 20, remainingCores: 20, grants: [] },
    ]);
  });
});
