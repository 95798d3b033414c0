import { describe, expect, it } from '@jest/globals';
import { scheduleWaitingJobs } from '../../../../functions/services/scheduling/schedule-waiting-jobs.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  describeTasks,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  poolViews,
  submit,
} from '../../../support/fakes/fake-jobs.js';

/**
 * source_0 → {left_0, right_0} → join_0 → report_0, at guest 9999 and host + arbiter 10000, two
 * components at a time; the host need not run report_0.
 */
const job = jobOf({
  components: {
    source_0: component('PassThrough'),
    left_0: component('Sleep', { data: ['source_0.data'] }),
    right_0: component('PassThrough', { data: ['source_0.data'] }),
    join_0: component('PassThrough', { train_data: ['left_0.data'], validate_data: ['right_0.data'] }),
    report_0: component('PassThrough', { data: ['join_0.data'] }),
  },
  jobParameters: { task_parallelism: 2 },
  roleParameters: { host: { '0': { report_0: { need_run: false } } } },
});

describe('a DAG run in memory', () => {
  it('starts each stage once the one before it succeeded at every party, and ends success everywhere', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submit(federation, job);
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 waiting',
      'guest 9999 waiting',
      'host 10000 waiting',
    ]);

    expect(await scheduleWaitingJobs(guest.services)).toEqual({ started: [jobId], stillWaiting: [] });
    await federation.settle();
    expect(guest.workflow.executions).toEqual([{ jobId, run: 1, status: 'RUNNING' }]);
    const launchedAt = (site: typeof guest) =>
      site.launcher
        .runningWorkers()
        .map((l) => `${l.task.component} ${l.task.role}`)
        .sort();
    expect([launchedAt(guest), launchedAt(host)]).toEqual([['source_0 guest'], ['source_0 arbiter', 'source_0 host']]);

    // Stage 1 starts only when the last party's source_0 succeeded.
    await guest.launcher.succeedAll();
    await host.launcher.succeed({ component: 'source_0', role: 'host' });
    await federation.settle();
    expect(launchedAt(host)).toEqual(['source_0 arbiter']);
    await host.launcher.succeedAll();
    await federation.settle();
    expect([launchedAt(guest), launchedAt(host)]).toEqual([
      ['left_0 guest', 'right_0 guest'],
      ['left_0 arbiter', 'left_0 host', 'right_0 arbiter', 'right_0 host'],
    ]);
    for (const _stage of ['branches', 'join']) {
      await guest.launcher.succeedAll();
      await host.launcher.succeedAll();
      await federation.settle();
    }
    expect([launchedAt(guest), launchedAt(host)]).toEqual([['report_0 guest'], ['report_0 arbiter']]);
    await guest.launcher.succeedAll();
    await host.launcher.succeedAll();
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 success',
      'guest 9999 success',
      'host 10000 success',
    ]);
    const components = ['join_0', 'left_0', 'report_0', 'right_0', 'source_0'];
    // Every task success at its party, but the one the host need not run: passed, never launched.
    expect(await partyTaskStatuses(federation, jobId)).toEqual(
      components.flatMap((name) => [
        `${name} v0 arbiter 10000 success`,
        `${name} v0 guest 9999 success`,
        `${name} v0 host 10000 ${name === 'report_0' ? 'pass' : 'success'}`,
      ]),
    );
    expect(host.launcher.launches.filter((l) => l.task.component === 'report_0').map((l) => l.task.role)).toEqual([
      'arbiter',
    ]);
    // The initiator's view: every party's task, combined success.
    expect(describeTasks(await guest.jobs.listTasks(jobId), 'combined')).toEqual(
      components.flatMap((name) => [
        `${name} v0 arbiter 10000 success`,
        `${name} v0 guest 9999 success`,
        `${name} v0 host 10000 success`,
      ]),
    );
    expect(guest.workflow.executions).toEqual([{ jobId, run: 1, status: 'SUCCEEDED' }]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });
});
