import { describe, expect, it } from '@jest/globals';
import { PermissionError } from '../../../functions/domain/errors.js';
import { jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { taskKeyOf } from '../../../functions/domain/records/task-record.js';
import { GUEST, HOST, jobRecord, taskRecord } from '../../integration/store/records.js';
import { MemoryJobStore } from '../../support/fakes/memory-job-store.js';
import { MemoryResourceStore } from '../../support/fakes/memory-resource-store.js';

/**
 * The fakes the service tests run on keep the ports' contracts as the DynamoDB adapters do
 * (test/integration/store checks those on dynalite): a test that passes on a fake would pass on
 * the table.
 */
describe('MemoryJobStore', () => {
  const store = () => new MemoryJobStore(() => 1_000);

  it('never overwrites a final status, and takes a rerun edge only for a rerun', async () => {
    const jobs = store();
    const job = jobRecord();
    const task = taskRecord({ jobId: job.jobId });
    await jobs.createJob(job, [task]);
    await jobs.updateJobStatus(jobKeyOf(job), 'running');
    expect(await jobs.updateJobStatus(jobKeyOf(job), 'success', { progress: 100 })).toEqual({
      outcome: 'updated',
      from: 'running',
    });
    expect(await jobs.updateJobStatus(jobKeyOf(job), 'failed')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });
    expect(await jobs.updateJobStatus(jobKeyOf(job), 'waiting')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });
    expect(await jobs.updateJobStatus(jobKeyOf(job), 'waiting', { progress: 0 }, { rerun: true })).toEqual({
      outcome: 'updated',
      from: 'success',
    });
    expect((await jobs.getJob(jobKeyOf(job)))?.progress).toBe(0);

    await jobs.updateTaskPartyStatus(taskKeyOf(task), 'running');
    await jobs.updateTaskPartyStatus(taskKeyOf(task), 'success');
    expect(await jobs.updateTaskPartyStatus(taskKeyOf(task), 'failed')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });
    expect((await jobs.getTask(taskKeyOf(task)))?.statusHistory).toEqual([
      { from: 'waiting', to: 'running', at: 1_000 },
      { from: 'running', to: 'success', at: 1_000 },
    ]);
  });

  it('marks a status reported only while the task is at it, as the table does', async () => {
    const jobs = store();
    const task = taskRecord({ jobId: jobRecord().jobId, partyStatus: 'running' });
    await jobs.createTasks([task]);
    await jobs.updateTaskPartyStatus(taskKeyOf(task), 'success');
    await jobs.markTaskReported(taskKeyOf(task), 'success');
    await jobs.markTaskReported(taskKeyOf(task), 'running');
    expect((await jobs.getTask(taskKeyOf(task)))?.reportedStatus).toBe('success');
    await expect(
      jobs.markTaskReported({ ...taskKeyOf(task), component: 'never_0' }, 'running'),
    ).resolves.toBeUndefined();
  });

  it("keeps a job's first head: a create from another initiator is refused, a second create changes nothing", async () => {
    const jobs = store();
    const job = jobRecord();
    expect(await jobs.createJob(job, [])).toBe('created');
    expect(await jobs.createJob({ ...job, description: 'again' }, [])).toBe('exists');
    await expect(
      jobs.createJob({ ...job, role: 'host', partyId: HOST, initiatorRole: 'host', initiatorPartyId: HOST }, []),
    ).rejects.toBeInstanceOf(PermissionError);
    expect(await jobs.getJobRecords(job.jobId)).toEqual([job]);
  });

  it('raises progress only, pages a list newest first with its count, queues waiting initiator records by priority then age', async () => {
    const jobs = store();
    const old = jobRecord({ createTime: 1, priority: 0 });
    const urgent = jobRecord({ createTime: 2, priority: 9 });
    const party = jobRecord({ createTime: 3, isInitiator: false, role: 'host', partyId: HOST });
    for (const job of [old, urgent, party]) await jobs.createJob(job, []);

    await jobs.updateJobFields(jobKeyOf(old), { progress: 50 });
    await jobs.updateJobFields(jobKeyOf(old), { progress: 20, description: 'kept' });
    expect([(await jobs.getJob(jobKeyOf(old)))?.progress, (await jobs.getJob(jobKeyOf(old)))?.description]).toEqual([
      50,
      'kept',
    ]);
    const page = await jobs.listJobs({ limit: 2, page: 1 });
    expect([page.jobs.map((j) => j.jobId), page.count]).toEqual([[party.jobId, urgent.jobId], 3]);
    expect((await jobs.waitingInitiatorJobs(10)).map((j) => j.jobId)).toEqual([urgent.jobId, old.jobId]);
    expect((await jobs.watchedJobs()).map((j) => j.jobId)).toEqual([urgent.jobId, old.jobId, party.jobId]);

    await jobs.updateJobStatus(jobKeyOf(old), 'canceled');
    await jobs.markEndSynced(jobKeyOf(old));
    expect((await jobs.watchedJobs()).map((j) => j.jobId)).toEqual([urgent.jobId, party.jobId]);
  });

  it("creates a component's run only where it has none", async () => {
    const jobs = store();
    const run = { jobId: 'j', component: 'c', taskToken: 't1', taskVersion: 0, startTime: 1 };
    expect(await jobs.createComponentRun(run)).toBe(true);
    expect(await jobs.createComponentRun({ ...run, taskToken: 't2', startTime: 2 })).toBe(false);
    expect(await jobs.getComponentRun('j', 'c')).toEqual(run);
  });

  it("moves a component run's version forward only, from the version it is at", async () => {
    const jobs = store();
    const run = { jobId: 'j', component: 'c', taskToken: 't1', taskVersion: 0, startTime: 1 };
    await jobs.attachComponentRun(run);
    expect(await jobs.advanceComponentRun({ jobId: 'j', component: 'c', from: 1, to: 2 }, 5)).toBe(false);
    expect(await jobs.advanceComponentRun({ jobId: 'j', component: 'c', from: 0, to: 1 }, 5)).toBe(true);
    expect(await jobs.attachComponentRun({ ...run, taskToken: 't2' })).toEqual({
      ...run,
      taskToken: 't2',
      taskVersion: 1,
      startTime: 5,
    });
  });
});

describe('MemoryResourceStore', () => {
  it('grants once per job, returns once, bounds a peer, and keeps grants across a resize', async () => {
    const resources = new MemoryResourceStore();
    await resources.ensurePool({ name: 'p', cores: 10, memory: 0, nodes: 1 });
    const grant = { jobId: 'a#host', cores: 4, memory: 0, appliedAt: 1, peer: GUEST };
    const limit = { cores: 5, memory: 0 };
    expect(await resources.apply('p', grant, limit)).toBe('granted');
    expect(await resources.apply('p', grant, limit)).toBe('already_granted');
    expect(await resources.apply('p', { ...grant, jobId: 'b#host', cores: 2 }, limit)).toBe('peer_share_exceeded');
    expect(await resources.apply('p', { jobId: 'c#guest', cores: 7, memory: 0, appliedAt: 2 })).toBe('insufficient');

    await resources.ensurePool({ name: 'p', cores: 12, memory: 0, nodes: 1 });
    expect(await resources.getPool('p')).toMatchObject({ cores: 12, remainingCores: 8, grants: [grant] });
    expect(await resources.return('p', 'a#host')).toBe('returned');
    expect(await resources.return('p', 'a#host')).toBe('not_held');
    expect(await resources.getPool('p')).toMatchObject({ remainingCores: 12, grants: [] });
  });
});
