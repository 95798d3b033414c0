import { describe, expect, it } from '@jest/globals';
import { recoverAfterRestart } from '../../../../functions/services/detector/restart-recovery.js';
import { fakeFederation, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf, jobStatuses, runningAt, submitAndStart } from '../../../support/fakes/fake-jobs.js';

/** one_0 at the guest and the host, without retries; running at both. */
async function runningJob() {
  const federation = fakeFederation();
  const jobId = await submitAndStart(federation, jobOf({ arbiter: false, components: { one_0: component('Sleep') } }));
  return { federation, jobId, ...federation };
}

describe("a restarted party's first look at its tasks", () => {
  it('cancels a task its shutdown stopped as interrupted, and the component runs again without spending a retry', async () => {
    const { federation, jobId, guest, host } = await runningJob();
    const { workerId } = host.launcher.launched({ component: 'one_0' });
    host.launcher.vanish({ component: 'one_0' });

    expect(await recoverAfterRestart(host.services, new Set([workerId]))).toEqual({
      interruptedTasks: 1,
      deadTasks: 0,
      reportsSent: 1,
    });
    await federation.settle();

    const holder = await guest.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([holder?.partyStatus, holder?.errorReport]).toEqual([
      'canceled',
      `interrupted: party ${HOST} shut down while the task ran`,
    ]);
    // auto_retries 0, and still a version 1: an interruption is not a failure.
    expect([runningAt(guest), runningAt(host)]).toEqual([['one_0 v1 guest'], ['one_0 v1 host']]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 running', 'host 10000 running']);
  });

  it('fails a task whose worker died with the site (a crash), as FATE fails a dead executor', async () => {
    const { federation, jobId, guest, host } = await runningJob();
    host.launcher.vanish({ component: 'one_0' });

    expect(await recoverAfterRestart(host.services, new Set())).toEqual({
      interruptedTasks: 0,
      deadTasks: 1,
      reportsSent: 0,
    });
    await federation.settle();

    const holder = await guest.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([holder?.partyStatus, holder?.errorReport]).toEqual([
      'failed',
      `task executor process abort: its worker is gone (party ${HOST} restarted)`,
    ]);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 failed', 'host 10000 failed']);
  });
});
