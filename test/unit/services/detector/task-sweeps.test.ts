import { describe, expect, it, jest } from '@jest/globals';
import { detect } from '../../../../functions/services/detector/detect.js';
import { DETECTOR_DEFAULTS } from '../../../../functions/services/detector/detector-options.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import {
  component,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  poolViews,
  runningAt,
  submitAndStart,
} from '../../../support/fakes/fake-jobs.js';

/** slow_0 → after_0 at the guest and the host; started, slow_0 running at both. */
async function runningJob(jobParameters: Record<string, unknown> = {}) {
  const federation = fakeFederation();
  const jobId = await submitAndStart(
    federation,
    jobOf({
      arbiter: false,
      components: { slow_0: component('Sleep'), after_0: component('PassThrough', { data: ['slow_0.data'] }) },
      jobParameters,
    }),
  );
  expect([runningAt(federation.guest), runningAt(federation.host)]).toEqual([['slow_0 v0 guest'], ['slow_0 v0 host']]);
  return { federation, jobId, ...federation };
}

const NOTHING = {
  deadTasks: 0,
  hungTasks: 0,
  timedOutJobs: 0,
  silentPeerJobs: 0,
  silentInitiatorJobs: 0,
  reportsResent: 0,
  resourcesReturned: 0,
};

const hostTask = async (federation: Awaited<ReturnType<typeof runningJob>>['federation'], jobId: string) =>
  federation.host.jobs.getTask({ jobId, component: 'slow_0', taskVersion: 0, role: 'host', partyId: HOST });

describe('the detector at a party, on its running tasks', () => {
  it('leaves a task whose worker is missing alone within the launch grace, then fails it and reports it', async () => {
    const { federation, jobId, host, guest, clock } = await runningJob();
    host.launcher.vanish({ component: 'slow_0' });

    clock.advance(DETECTOR_DEFAULTS.deadTaskGraceMs);
    expect(await detect(host.services)).toEqual(NOTHING);
    expect((await hostTask(federation, jobId))?.partyStatus).toBe('running');

    clock.advance(1);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // The report fails the job at once (no retries), so the same sweep may find its grant ended too.
    expect(await detect(host.services)).toMatchObject({ deadTasks: 1, hungTasks: 0, reportsResent: 0 });
    await federation.settle();
    quiet.mockRestore();

    const task = await hostTask(federation, jobId);
    expect([task?.partyStatus, task?.errorReport, task?.reportedStatus]).toEqual([
      'failed',
      'task executor process abort: its worker is gone',
      'failed',
    ]);
    // Reported: with no retries the job fails at every party.
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
    expect(runningAt(guest)).toEqual([]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });

  it('fails a task whose runner stopped beating, then stops its worker', async () => {
    const { federation, jobId, host, clock } = await runningJob({ auto_retries: 1 });
    const { workerId } = host.launcher.launched({ component: 'slow_0' });
    await host.jobs.recordTaskHeartbeat((await hostTask(federation, jobId)) ?? ({} as never), clock.now());

    clock.advance(DETECTOR_DEFAULTS.heartbeatTimeoutMs);
    expect(await detect(host.services)).toEqual(NOTHING);
    clock.advance(1);
    expect(await detect(host.services)).toEqual({ ...NOTHING, hungTasks: 1 });
    await federation.settle();

    const task = await hostTask(federation, jobId);
    expect([task?.partyStatus, task?.errorReport]).toEqual([
      'failed',
      'task executor process abort: no heartbeat for 60 s',
    ]);
    expect(host.launcher.stops).toEqual([{ workerId, reason: 'no heartbeat for 60 s' }]);
    // auto_retries 1: the component runs again at every party.
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'slow_0 v0 guest 9999 failed',
      'slow_0 v0 host 10000 failed',
      'slow_0 v1 guest 9999 running',
      'slow_0 v1 host 10000 running',
    ]);
  });

  it('gives a task its first heartbeat longer (an image pull), then fails it as never having beaten', async () => {
    const { federation, jobId, host, clock } = await runningJob({ auto_retries: 1 });

    clock.advance(DETECTOR_DEFAULTS.firstHeartbeatTimeoutMs);
    expect(await detect(host.services)).toEqual(NOTHING);
    clock.advance(1);
    expect(await detect(host.services)).toEqual({ ...NOTHING, hungTasks: 1 });

    expect((await hostTask(federation, jobId))?.errorReport).toBe(
      'task executor process abort: no heartbeat 300 s after its launch',
    );
  });

  it('sends again a task report the initiator never acknowledged', async () => {
    const { federation, jobId, guest, host, network } = await runningJob();
    network.drop((message) => message.command === 'task.report');
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await host.launcher.succeed({ component: 'slow_0' });
    await federation.settle();
    quiet.mockRestore();
    expect((await hostTask(federation, jobId))?.reportedStatus).toBe('running');
    network.keepAll();

    expect(await detect(host.services)).toEqual({ ...NOTHING, reportsResent: 1 });

    expect((await hostTask(federation, jobId))?.reportedStatus).toBe('success');
    const holder = await guest.jobs.getTask({
      jobId,
      component: 'slow_0',
      taskVersion: 0,
      role: 'host',
      partyId: HOST,
    });
    expect(holder?.partyStatus).toBe('success');
    expect(await detect(host.services)).toEqual(NOTHING);
  });
});

describe('the detector at the initiator, on a job past its timeout', () => {
  it('counts the timeout from submit and times the job out at every party, its tasks stopped and grants returned', async () => {
    const { federation, jobId, guest, host, clock } = await runningJob({ timeout: 2 });
    const submitted = (await guest.jobs.getJobRecords(jobId))[0]?.createTime ?? 0;

    clock.advance(submitted + 2000 - clock.now());
    expect(await detect(guest.services)).toEqual(NOTHING);
    clock.advance(1);
    expect(await detect(guest.services)).toEqual({ ...NOTHING, timedOutJobs: 1 });
    await federation.settle();

    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 timeout', 'host 10000 timeout']);
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'slow_0 v0 guest 9999 timeout',
      'slow_0 v0 host 10000 timeout',
    ]);
    const holders = await guest.jobs.listTasks(jobId, { component: 'slow_0' });
    expect(holders.map((t) => [t.role, t.partyId, t.partyStatus, t.errorReport])).toEqual([
      ['guest', GUEST, 'timeout', 'stopped: job timeout'],
      ['host', HOST, 'timeout', 'stopped: job timeout'],
    ]);
    expect([guest.launcher.stops.length, host.launcher.stops.length]).toEqual([1, 1]);
    expect(guest.workflow.executions).toMatchObject([{ status: 'ABORTED' }]);
    expect(await poolViews(federation)).toEqual([`${GUEST}: 20/20 []`, `${HOST}: 20/20 []`]);
  });
});
