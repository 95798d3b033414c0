import { describe, expect, it, jest } from '@jest/globals';
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

const FAILURE = 'ComponentExit: flaky_0 failed';

/** source_0 → flaky_0 → after_0 → last_0 at the guest and the host. */
const chain = (autoRetries: number) =>
  jobOf({
    arbiter: false,
    components: {
      source_0: component('PassThrough'),
      flaky_0: component('Sleep', { data: ['source_0.data'] }),
      after_0: component('PassThrough', { data: ['flaky_0.data'] }),
      last_0: component('PassThrough', { data: ['after_0.data'] }),
    },
    jobParameters: { auto_retries: autoRetries },
  });

/** A job at flaky_0: source_0 succeeded everywhere, flaky_0 v0 runs at both parties. */
async function atFlaky(autoRetries: number) {
  const federation = fakeFederation();
  const jobId = await submitAndStart(federation, chain(autoRetries));
  await succeedRunning(federation);
  expect([runningAt(federation.guest), runningAt(federation.host)]).toEqual([
    ['flaky_0 v0 guest'],
    ['flaky_0 v0 host'],
  ]);
  return { federation, jobId, ...federation };
}

describe('a task that fails at one party while it still runs at the other', () => {
  it('with auto_retries 1: stops the failed version at every party, then runs version 1 everywhere', async () => {
    const { federation, jobId, guest, host, network } = await atFlaky(1);
    const sent = network.deliveries.length;

    await host.launcher.fail({ component: 'flaky_0' }, FAILURE);
    await federation.settle();

    // FATE stops the interrupted task everywhere before its new version starts: a party never runs two versions.
    expect(network.log().slice(sent)).toEqual([
      `task.report ${HOST} → guest ${GUEST}`,
      `task.stop ${GUEST} → host ${HOST}`,
      `task.start ${GUEST} → host ${HOST}`,
      `task.report ${HOST} → guest ${GUEST}`,
    ]);
    expect(guest.launcher.stops).toEqual([
      { workerId: guest.launcher.launched({ component: 'flaky_0', taskVersion: 0 }).workerId, reason: 'task failed' },
    ]);
    expect([runningAt(guest), runningAt(host)]).toEqual([['flaky_0 v1 guest'], ['flaky_0 v1 host']]);
    expect(guest.workflow.waitingTokens('flaky_0')).toHaveLength(1);
    expect(await guest.jobs.getComponentRun(jobId, 'flaky_0')).toMatchObject({ taskVersion: 1 });

    for (let stage = 0; stage < 3; stage += 1) await succeedRunning(federation);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 success']);
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 success',
      'after_0 v0 host 10000 success',
      'flaky_0 v0 guest 9999 failed',
      'flaky_0 v0 host 10000 failed',
      'flaky_0 v1 guest 9999 success',
      'flaky_0 v1 host 10000 success',
      'last_0 v0 guest 9999 success',
      'last_0 v0 host 10000 success',
      'source_0 v0 guest 9999 success',
      'source_0 v0 host 10000 success',
    ]);
    // The initiator keeps the failed version, combined, with each party's error report.
    const flaky = (await guest.jobs.listTasks(jobId, { component: 'flaky_0' })).map((t) => [
      t.taskVersion,
      t.role,
      t.status,
      t.errorReport ?? '',
    ]);
    expect(flaky).toEqual([
      [0, 'guest', 'failed', ''],
      [0, 'host', 'failed', FAILURE],
      [1, 'guest', 'success', ''],
      [1, 'host', 'success', ''],
    ]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('with auto_retries 0: fails the job at every party, stops the running copy, never starts what is downstream', async () => {
    const { federation, jobId, guest, host } = await atFlaky(0);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    await host.launcher.fail({ component: 'flaky_0' }, FAILURE);
    await federation.settle();
    quiet.mockRestore();

    // The guest's copy, stopped by the job's end, reports too and settles the same token again:
    // harmless (TaskTokens), the execution has failed already.
    expect(guest.workflow.outcomes()).toEqual(['source_0 success', 'flaky_0 ComponentFailed', 'flaky_0 JobStopped']);
    expect(guest.workflow.settlements[1]).toMatchObject({
      cause: `flaky_0 failed (task version 0): host ${HOST}: ${FAILURE}`,
    });
    expect(guest.workflow.executions).toMatchObject([{ jobId, run: 1, status: 'FAILED' }]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'flaky_0 v0 guest 9999 failed',
      'flaky_0 v0 host 10000 failed',
      'last_0 v0 guest 9999 waiting',
      'last_0 v0 host 10000 waiting',
      'source_0 v0 guest 9999 success',
      'source_0 v0 host 10000 success',
    ]);
    // Downstream: never touched at any party, the initiator's holders included.
    const downstream = [...(await guest.jobs.listTasks(jobId)), ...(await host.jobs.listTasks(jobId))].filter(
      (t) => t.component === 'after_0' || t.component === 'last_0',
    );
    expect(downstream.map((t) => [t.taskVersion, t.status, t.partyStatus, t.statusHistory.length])).toEqual(
      Array(6).fill([0, 'waiting', 'waiting', 0]),
    );
    const flaky = await guest.jobs.listTasks(jobId, { component: 'flaky_0' });
    expect(flaky.map((t) => [t.role, t.partyStatus, t.errorReport])).toEqual([
      ['guest', 'failed', 'stopped: job failed'],
      ['host', 'failed', FAILURE],
    ]);
    expect(guest.launcher.stops.map((s) => s.reason)).toEqual([`job ${jobId} failed`]);
    expect(guest.launcher.runningWorkers()).toEqual([]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('counts auto_retries as FATE does: two retries, then the third failure fails the job', async () => {
    const { federation, jobId, guest, host } = await atFlaky(2);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const version of [0, 1, 2]) {
      await host.launcher.fail({ component: 'flaky_0', taskVersion: version }, FAILURE);
      await federation.settle();
    }
    quiet.mockRestore();
    expect(await partyTaskStatuses(federation, jobId)).toEqual(
      expect.arrayContaining([
        'flaky_0 v0 host 10000 failed',
        'flaky_0 v1 host 10000 failed',
        'flaky_0 v2 host 10000 failed',
      ]),
    );
    expect(host.launcher.launches.filter((l) => l.task.component === 'flaky_0').map((l) => l.task.taskVersion)).toEqual(
      [0, 1, 2],
    );
    expect(guest.workflow.outcomes()).toEqual(['source_0 success', 'flaky_0 ComponentFailed', 'flaky_0 JobStopped']);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
  });
});
