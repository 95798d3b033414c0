import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  startSchedulingFederation,
  submit,
  taskRows,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
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
 * A real runner's component fails at task version 0 and succeeds at version 1: the retry reaches
 * the runner as its task version. When a retry stops the other party's copy, what auto_retries 0
 * does, and how retries are counted are checked in memory (test/unit/services/tasks/retries.test.ts).
 */
describe('a task that fails', () => {
  let federation: TestFederation;
  let retriedId: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    retriedId = await submit(federation, retried);
    await waitForJobEnd(federation, retriedId, 35_000);
    await waitForJobEndEverywhere(federation, retriedId, 5_000);
    await waitForReports(federation, retriedId, 5_000);
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
      const rows = flaky.map((t) => [t.f_task_version, t.f_role, t.f_status, t.f_error_report.split('\n')[0]]).sort();
      expect(rows.map(([version, role, status]) => [version, role, status])).toEqual([
        [0, 'guest', 'failed'],
        [0, 'host', 'failed'],
        [1, 'guest', 'success'],
        [1, 'host', 'success'],
      ]);
      // The first party whose runner fails reports the component's error; the other party's copy
      // fails the same way, unless the retry's stop of version 0 reached it before its runner did.
      const versionZeroReports = rows.filter(([version]) => version === 0).map(([, , , report]) => report);
      expect(versionZeroReports).toContain(SLEEP_FAILURE);
      expect(versionZeroReports.every((report) => report === SLEEP_FAILURE || report === '')).toBe(true);
      expect(rows.filter(([version]) => version === 1).map(([, , , report]) => report)).toEqual(['', '']);
    });
  });
});
