import { describe, expect, it, jest } from '@jest/globals';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf, jobStatuses, runningAt, submitAndStart } from '../../../support/fakes/fake-jobs.js';

/** one_0 at the guest and the host, two tasks at a time with 4 cores each. */
const job = jobOf({
  arbiter: false,
  components: { one_0: component('PassThrough') },
  jobParameters: { task_cores: 4, task_parallelism: 2 },
});

const start = (jobId: string): FederatedMessage<'task.start'> => ({
  command: 'task.start',
  jobId,
  src: { role: 'guest', partyId: GUEST },
  dest: { role: 'host', partyId: HOST },
  body: { component: 'one_0', taskVersion: 0 },
});

describe('task start at a party', () => {
  it("launches the task once, with the job's cores per task, however often the start arrives", async () => {
    const federation = fakeFederation();
    const { host } = federation;
    const jobId = await submitAndStart(federation, job);

    expect(await host.receiver.receive(start(jobId))).toEqual({ retcode: 0, retmsg: 'success' });
    await federation.settle();

    expect(host.launcher.launches.map((l) => [l.task.component, l.task.role, l.cores])).toEqual([['one_0', 'host', 4]]);
    const task = await host.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([task?.partyStatus, task?.workerId, task?.reportedStatus]).toEqual([
      'running',
      host.launcher.launches[0]?.workerId,
      'running',
    ]);
  });

  it('reports the running status it wrote to the initiator, reading the task once', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const taskReads = jest.spyOn(host.jobs, 'getTask');
    const jobId = await submitAndStart(federation, job);

    const key = { jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST } as const;
    expect(taskReads.mock.calls.filter(([read]) => read.component === 'one_0')).toEqual([[key]]);
    const holder = await guest.jobs.getTask(key);
    const task = await host.jobs.getTask(key);
    expect([holder?.partyStatus, holder?.startTime, task?.reportedStatus]).toEqual([
      'running',
      task?.startTime,
      'running',
    ]);
  });

  it('fails the task with the reason when the launcher cannot start it', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    host.launcher.failLaunchesWith = 'no capacity';
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const jobId = await submitAndStart(federation, job);
    quiet.mockRestore();

    const holder = await guest.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([holder?.partyStatus, holder?.errorReport]).toEqual(['failed', 'task launch failed: no capacity']);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
  });
});

describe('a task whose worker ends', () => {
  it('fails a task whose runner died before writing its end, with the launcher’s reason, and reports it', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submitAndStart(
      federation,
      jobOf({ arbiter: false, components: { one_0: component('PassThrough') }, jobParameters: { auto_retries: 1 } }),
    );

    await host.launcher.crash({ component: 'one_0' }, 'killed by SIGKILL');
    await federation.settle();

    const holder = await guest.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([holder?.partyStatus, holder?.errorReport]).toEqual([
      'failed',
      'task executor process abort: killed by SIGKILL',
    ]);
    // A retry follows, as for any failure.
    expect([runningAt(guest), runningAt(host)]).toEqual([['one_0 v1 guest'], ['one_0 v1 host']]);
  });

  it('leaves a task the runner ended as the runner wrote it', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submitAndStart(federation, job);

    await host.launcher.succeed({ component: 'one_0' });
    await federation.settle();

    const task = await host.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([task?.partyStatus, task?.errorReport, task?.reportedStatus]).toEqual(['success', undefined, 'success']);
    expect(runningAt(guest)).toEqual(['one_0 v0 guest']);
  });
});
