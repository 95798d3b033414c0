import { describe, expect, it, jest } from '@jest/globals';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import { fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { component, jobOf, runningAt, submitAndStart } from '../../../support/fakes/fake-jobs.js';

/** one_0 → two_0 at the guest and the host; one_0 running at both. */
async function runningJob() {
  const federation = fakeFederation();
  const jobId = await submitAndStart(
    federation,
    jobOf({
      arbiter: false,
      components: { one_0: component('PassThrough'), two_0: component('PassThrough', { data: ['one_0.data'] }) },
    }),
  );
  return { federation, jobId, ...federation };
}

/** The host's report of one_0, as the host's site would send it. */
const report = (
  jobId: string,
  body: Partial<FederatedMessage<'task.report'>['body']>,
): FederatedMessage<'task.report'> => ({
  command: 'task.report',
  jobId,
  src: { role: 'host', partyId: HOST },
  dest: { role: 'guest', partyId: GUEST },
  body: { component: 'one_0', taskVersion: 0, partyStatus: 'running', ...body },
});

describe("settling a component at the initiator (FATE's multi-party task rule)", () => {
  it('keeps the component running while any party runs it, and succeeds it once every party succeeded', async () => {
    const { federation, jobId, guest, host } = await runningJob();

    await host.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    const holders = async () =>
      (await guest.jobs.listTasks(jobId, { component: 'one_0' })).map((t) => `${t.role} ${t.partyStatus} ${t.status}`);
    expect(await holders()).toEqual(['guest running running', 'host success running']);
    expect(guest.workflow.settlements).toEqual([]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(0);

    await guest.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    expect(await holders()).toEqual(['guest success success', 'host success success']);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
    expect(guest.workflow.settlements[0]).toMatchObject({
      output: { component: 'one_0', status: 'success', taskVersion: 0 },
    });
    // One of two components done.
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(50);
    expect([runningAt(guest), runningAt(host)]).toEqual([['two_0 v0 guest'], ['two_0 v0 host']]);
  });

  it('fails the component as soon as one party failed, whatever the others still do', async () => {
    const { jobId, guest } = await runningJob();

    await guest.receiver.receive(report(jobId, { partyStatus: 'failed', errorReport: 'boom' }));

    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest running failed',
      'host failed failed',
    ]);
    expect(guest.workflow.settlements).toMatchObject([
      { outcome: 'fail', error: 'ComponentFailed', cause: `one_0 failed (task version 0): host ${HOST}: boom` },
    ]);
  });

  it("takes a party's failed before its running (out of order) through running, and ignores the late running", async () => {
    const { jobId, guest } = await runningJob();

    await guest.receiver.receive(report(jobId, { partyStatus: 'failed', errorReport: 'boom' }));
    await guest.receiver.receive(report(jobId, { partyStatus: 'running' }));

    const holder = await guest.jobs.getTask({ jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST });
    expect([holder?.partyStatus, holder?.errorReport, holder?.statusHistory.map((c) => `${c.from}→${c.to}`)]).toEqual([
      'failed',
      'boom',
      ['waiting→running', 'running→failed'],
    ]);
  });

  it('settles again on a late running report once every party has ended, as on any report (the token is read then)', async () => {
    const { federation, jobId, guest, host } = await runningJob();
    await host.launcher.succeed({ component: 'one_0' });
    await guest.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
    const tasks = await guest.jobs.listTasks(jobId, { component: 'one_0' });

    expect(await guest.receiver.receive(report(jobId, { partyStatus: 'running' }))).toEqual({
      retcode: 0,
      retmsg: 'success',
    });

    // The holders keep their final statuses; the step is told success again with the same token
    // (a settled token is ignored by the workflow), and nothing else happens.
    expect(await guest.jobs.listTasks(jobId, { component: 'one_0' })).toEqual(tasks);
    const [first, second, ...rest] = guest.workflow.settlements;
    expect([second, rest]).toEqual([first, []]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(50);
  });

  it('settles a retried final report whose first attempt failed before the step was told, writing nothing again', async () => {
    const { federation, jobId, guest } = await runningJob();
    await guest.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    expect(guest.workflow.settlements).toEqual([]);
    const lost = jest.spyOn(guest.workflow, 'succeed').mockRejectedValueOnce(new Error('workflow unreachable'));
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    const first = await guest.receiver.receive(report(jobId, { partyStatus: 'success' })).catch(() => 'refused');
    expect(first).not.toEqual({ retcode: 0, retmsg: 'success' });
    expect(lost).toHaveBeenCalledTimes(1);
    expect(guest.workflow.settlements).toEqual([]);
    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest success success',
      'host success success',
    ]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(50);

    // The retry finds the holders and the progress written: no write, and the step is told.
    const jobWrites = jest.spyOn(guest.jobs, 'updateJobFields');
    const statusWrites = jest.spyOn(guest.jobs, 'updateTaskStatus');
    expect(await guest.receiver.receive(report(jobId, { partyStatus: 'success' }))).toEqual({
      retcode: 0,
      retmsg: 'success',
    });
    quiet.mockRestore();
    expect([jobWrites.mock.calls, statusWrites.mock.calls]).toEqual([[], []]);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
    expect(await guest.jobs.listTasks(jobId, { component: 'one_0' })).toEqual(holders);
  });

  it("settles from reads made beside the last final report's holder write, without reading again", async () => {
    const { jobId, guest } = await runningJob();
    const own = { jobId, component: 'one_0', taskVersion: 0, role: 'guest', partyId: GUEST } as const;
    await guest.jobs.updateTaskPartyStatus(own, 'success', { endTime: 2 });
    const order: string[] = [];
    const listTasks = guest.jobs.listTasks.bind(guest.jobs);
    const reads = jest.spyOn(guest.jobs, 'listTasks').mockImplementation((...args) => {
      if (args.length === 1) order.push('tasks read');
      return listTasks(...args);
    });
    const runs = jest.spyOn(guest.jobs, 'getComponentRun');
    const write = guest.jobs.updateTaskPartyStatus.bind(guest.jobs);
    const holderWrites = jest.spyOn(guest.jobs, 'updateTaskPartyStatus').mockImplementation(async (...args) => {
      const written = await write(...args);
      if (args[0].component === 'one_0') order.push('holder written');
      return written;
    });

    await guest.receiver.receive(report(jobId, { partyStatus: 'success', endTime: 3 }));

    expect(order).toEqual(['tasks read', 'holder written']);

    // (two_0's start, which the settle set going, reads and writes its own tasks meanwhile.)
    expect(holderWrites.mock.calls.filter(([key]) => key.component === 'one_0')).toEqual([
      [{ ...own, role: 'host', partyId: HOST }, 'success', { endTime: 3 }, 'running'],
    ]);
    // One read of the job's tasks (the settle's) and one of one_0's run, begun beside the write.
    expect([reads.mock.calls.filter((call) => call.length === 1), runs.mock.calls]).toEqual([
      [[jobId]],
      [[jobId, 'one_0']],
    ]);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status} ${t.endTime}`)).toEqual([
      'guest success success 2',
      'host success success 3',
    ]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(50);
  });

  it('reads again after the holder write when the reads beside it do not end the component', async () => {
    const { jobId, guest } = await runningJob();
    // The reads beside the host's write are made before the guest's own end is written; the
    // guest's report of it (its own) read the host still running: only the read again settles.
    const before = await guest.jobs.listTasks(jobId);
    const own = { jobId, component: 'one_0', taskVersion: 0, role: 'guest', partyId: GUEST } as const;
    await guest.jobs.updateTaskPartyStatus(own, 'success', { endTime: 2 });
    const reads = jest.spyOn(guest.jobs, 'listTasks').mockResolvedValueOnce(before);

    await guest.receiver.receive(report(jobId, { partyStatus: 'success', endTime: 3 }));

    expect(reads.mock.calls.filter((call) => call.length === 1)).toEqual([[jobId], [jobId]]);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest success success',
      'host success success',
    ]);
  });

  it('writes the holders and the progress but settles nothing on a final report while another party still runs', async () => {
    const { jobId, guest } = await runningJob();

    await guest.receiver.receive(report(jobId, { partyStatus: 'success' }));

    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest running running',
      'host success running',
    ]);
    expect(guest.workflow.settlements).toEqual([]);
    expect((await guest.jobs.getJobRecords(jobId))[0]?.progress).toBe(0);
  });

  it("tries a party's in-order report as a write from the status before it (no read of the holder first)", async () => {
    const { jobId, guest } = await runningJob();
    const writes = jest.spyOn(guest.jobs, 'updateTaskPartyStatus');
    const key = { jobId, component: 'one_0', taskVersion: 0, role: 'host', partyId: HOST } as const;

    await guest.receiver.receive(report(jobId, { partyStatus: 'running', startTime: 1 }));
    await guest.receiver.receive(report(jobId, { partyStatus: 'success', endTime: 2 }));

    expect(writes.mock.calls).toEqual([
      [key, 'running', { startTime: 1 }, 'waiting'],
      [key, 'success', { endTime: 2 }, 'running'],
    ]);
    const holder = await guest.jobs.getTask(key);
    expect(holder?.statusHistory.map((c) => `${c.from}→${c.to}`)).toEqual(['waiting→running', 'running→success']);
  });

  it("settles the initiator's own report without writing its task, which is the report's own record", async () => {
    const { federation, jobId, guest, host } = await runningJob();
    await host.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    const writes = jest.spyOn(guest.jobs, 'updateTaskPartyStatus');
    const own = { jobId, component: 'one_0', taskVersion: 0, role: 'guest', partyId: GUEST } as const;
    await guest.jobs.updateTaskPartyStatus(own, 'success', { endTime: 2 });
    writes.mockClear();

    await guest.receiver.receive({
      ...report(jobId, { partyStatus: 'success', endTime: 2 }),
      src: { role: 'guest', partyId: GUEST },
    });

    // one_0's records are not written; two_0's start, which the settle set going, may be under way.
    expect(writes.mock.calls.filter(([key]) => key.component === 'one_0')).toEqual([]);
    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest success success',
      'host success success',
    ]);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
  });

  it('changes nothing for a report of a version the initiator never started', async () => {
    const { federation, jobId, guest, host } = await runningJob();
    await host.launcher.succeed({ component: 'one_0' });
    await guest.launcher.succeed({ component: 'one_0' });
    await federation.settle();
    const settled = guest.workflow.settlements.length;

    const tasks = await guest.jobs.listTasks(jobId);

    expect(await guest.receiver.receive(report(jobId, { taskVersion: 3, partyStatus: 'failed' }))).toEqual({
      retcode: 0,
      retmsg: 'success',
    });

    expect(guest.workflow.settlements.length).toBe(settled);
    expect(await guest.jobs.listTasks(jobId)).toEqual(tasks);
  });

  it('succeeds a component that a party passes (need_run false) and another succeeds', async () => {
    const federation = fakeFederation();
    const { guest, host } = federation;
    const jobId = await submitAndStart(
      federation,
      jobOf({
        arbiter: false,
        components: { one_0: component('PassThrough') },
        roleParameters: { host: { '0': { one_0: { need_run: false } } } },
      }),
    );
    expect(host.launcher.launches).toEqual([]);

    await guest.launcher.succeed({ component: 'one_0' });
    await federation.settle();

    const holders = await guest.jobs.listTasks(jobId, { component: 'one_0' });
    expect(holders.map((t) => `${t.role} ${t.partyStatus} ${t.status}`)).toEqual([
      'guest success success',
      'host pass success',
    ]);
    expect(guest.workflow.outcomes()).toEqual(['one_0 success']);
  });
});
