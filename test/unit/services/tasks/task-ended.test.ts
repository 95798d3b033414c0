import { describe, expect, it } from '@jest/globals';
import type { TaskKey } from '../../../../functions/domain/records/task-record.js';
import { taskEnded } from '../../../../functions/services/tasks/task-ended.js';
import { taskExited } from '../../../../functions/services/tasks/task-exited.js';
import { type FakeFederation, fakeFederation, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf, submitAndStart } from '../../../support/fakes/fake-jobs.js';

const job = jobOf({ arbiter: false, components: { one_0: component('PassThrough') } });

/** The host's reports of one_0 that reached the guest, by the status they carried. */
const hostReports = (federation: FakeFederation): string[] =>
  federation.network.deliveries
    .filter((d) => d.from === HOST && d.message.command === 'task.report' && !d.lost)
    .map((d) => String((d.message.body as { partyStatus: string }).partyStatus));

describe("a runner's word that its task's end is written", () => {
  it('reports the end to the initiator at once, and the exit that follows sends nothing again', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submitAndStart(federation, job);
    const key: TaskKey = { jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST };
    const workerId = host.launcher.launches.find((l) => l.task.role === 'host')?.workerId ?? '';
    await host.jobs.updateTaskPartyStatus(key, 'success', { endTime: 2, elapsed: 1 });

    await taskEnded(host.services, key);
    await federation.settle();
    const holder = await guest.jobs.getTask({ ...key, partyId: HOST });
    expect([holder?.partyStatus, hostReports(federation)]).toEqual(['success', ['running', 'success']]);

    await taskExited(host.services, { workerId, exitCode: 0, reason: 'exit code 0' });
    await federation.settle();
    expect(hostReports(federation)).toEqual(['running', 'success']);
  });

  it('leaves a task still running to its exit, and the exit reports an end the word did not', async () => {
    const federation = fakeFederation();
    const { host } = federation;
    const jobId = await submitAndStart(federation, job);
    const key: TaskKey = { jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST };

    await taskEnded(host.services, key);
    await federation.settle();
    expect(hostReports(federation)).toEqual(['running']);

    await host.launcher.succeed({ component: 'one_0', role: 'host' });
    await federation.settle();
    expect(hostReports(federation)).toEqual(['running', 'success']);
  });
});
