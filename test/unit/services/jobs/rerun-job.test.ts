import { describe, expect, it, jest } from '@jest/globals';
import { rerunJob } from '../../../../functions/services/jobs/rerun-job.js';
import { scheduleWaitingJobs } from '../../../../functions/services/scheduling/schedule-waiting-jobs.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  poolViews,
  runningAt,
  submitAndStart,
  succeedRunning,
} from '../../../support/fakes/fake-jobs.js';
import type { FakeSite } from '../../../support/fakes/fake-site.js';

/** source_0 → flaky_0 → after_0 at the guest, the host and the arbiter, without retries. */
const job = jobOf({
  components: {
    source_0: component('PassThrough'),
    flaky_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['flaky_0.data'] }),
  },
});

const ROLE_PARTIES = [
  ['arbiter', HOST],
  ['guest', GUEST],
  ['host', HOST],
] as const;

/** The task version of each component's run at the initiator (the workflow's token waits on it). */
async function runVersions(site: FakeSite, jobId: string): Promise<string[]> {
  return Promise.all(
    ['source_0', 'flaky_0', 'after_0'].map(async (name) => {
      const run = await site.jobs.getComponentRun(jobId, name);
      return `${name} ${run === undefined ? 'none' : `v${run.taskVersion}`}`;
    }),
  );
}

/** The job failed at flaky_0 (the host's copy failed). */
async function failedJob() {
  const federation = fakeFederation();
  const jobId = await submitAndStart(federation, job);
  await succeedRunning(federation);
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await federation.host.launcher.fail({ component: 'flaky_0', role: 'host' }, 'ComponentExit: flaky');
  await federation.settle();
  quiet.mockRestore();
  expect(await jobStatuses(federation, jobId)).toEqual([
    'arbiter 10000 failed',
    'guest 9999 failed',
    'host 10000 failed',
  ]);
  return { federation, jobId, ...federation };
}

describe('job rerun of a failed job', () => {
  it('runs a new version of the failed component and its downstream only, as a new workflow run', async () => {
    const { federation, jobId, guest, host } = await failedJob();
    const sourceLaunches = [guest, host].map((site) =>
      site.launcher.launches.filter((l) => l.task.component === 'source_0').map((l) => l.workerId),
    );

    // The first run wrote a run for each component its workflow reached, at version 0.
    expect(await runVersions(guest, jobId)).toEqual(['source_0 v0', 'flaky_0 v0', 'after_0 none']);
    expect(await rerunJob(guest.services, jobId)).toEqual({ components: ['flaky_0', 'after_0'] });
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 waiting',
      'guest 9999 waiting',
      'host 10000 waiting',
    ]);
    expect(guest.events.ofType('JobSubmitted').map((e) => e.jobId)).toEqual([jobId, jobId]);

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [jobId], stillWaiting: [] });
    await federation.settle();
    expect(guest.workflow.executions.map((e) => [e.run, e.status])).toEqual([
      [1, 'FAILED'],
      [2, 'RUNNING'],
    ]);
    // source_0 succeeded before: settled at once, not run again.
    expect([runningAt(guest), runningAt(host)]).toEqual([
      ['flaky_0 v1 guest'],
      ['flaky_0 v1 arbiter', 'flaky_0 v1 host'],
    ]);
    await succeedRunning(federation);
    await succeedRunning(federation);
    // after_0 had no run: the step's first run (version 0) was taken to the version it ran, 1.
    expect(await runVersions(guest, jobId)).toEqual(['source_0 v0', 'flaky_0 v1', 'after_0 v1']);

    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 success',
      'guest 9999 success',
      'host 10000 success',
    ]);
    expect(await partyTaskStatuses(federation, jobId)).toEqual(
      ROLE_PARTIES.flatMap(([role, party]) => [
        `after_0 v0 ${role} ${party} waiting`,
        `after_0 v1 ${role} ${party} success`,
        `flaky_0 v0 ${role} ${party} failed`,
        `flaky_0 v1 ${role} ${party} success`,
        `source_0 v0 ${role} ${party} success`,
      ]).sort(),
    );
    expect(
      [guest, host].map((site) =>
        site.launcher.launches.filter((l) => l.task.component === 'source_0').map((l) => l.workerId),
      ),
    ).toEqual(sourceLaunches);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('refuses a job that has not ended, a succeeded component without force, and an unknown component', async () => {
    const federation = fakeFederation();
    const running = await submitAndStart(federation, job);
    await expect(rerunJob(federation.guest.services, running)).rejects.toThrow(
      `job ${running} is running; only an ended job can be rerun`,
    );

    const { jobId, guest } = await failedJob();
    await expect(rerunJob(guest.services, jobId, { component: 'source_0' })).rejects.toThrow(
      'component source_0 succeeded; rerun it with force',
    );
    await expect(rerunJob(guest.services, jobId, { component: 'nope_0' })).rejects.toThrow(
      `request.component_name: job ${jobId} has no component "nope_0"`,
    );
    expect(await rerunJob(guest.services, jobId, { component: 'source_0', force: true })).toEqual({
      components: ['source_0', 'flaky_0', 'after_0'],
    });
  });
});
