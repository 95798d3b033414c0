import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { ArgumentError, NotFoundError } from '../../../functions/domain/errors.js';
import { jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { taskKeyOf } from '../../../functions/domain/records/task-record.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord, newJobId, taskRecord } from './records.js';

const NOW = 1_767_300_000_000;
let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName, { now: () => NOW });
});

afterAll(async () => {
  await local.stop();
});

describe('creating a job', () => {
  it('stores the job and its tasks and reads them back exactly as given', async () => {
    const job = jobRecord({ description: 'hetero lr', startTime: 1, priority: 3 });
    const readerGuest = taskRecord({ jobId: job.jobId, component: 'reader_0' });
    const readerHost = taskRecord({
      jobId: job.jobId,
      component: 'reader_0',
      role: 'host',
      partyId: HOST,
      isLocal: false,
    });
    const lr = taskRecord({ jobId: job.jobId, component: 'hetero_lr_0', module: 'HeteroLR', provider: 'fate@2.0.0' });

    expect(await store.createJob(job, [readerGuest, readerHost, lr])).toBe('created');

    expect(await store.getJob(jobKeyOf(job))).toEqual(job);
    expect(await store.getJobRecords(job.jobId)).toEqual([job]);
    expect(await store.listTasks(job.jobId)).toEqual([lr, readerGuest, readerHost]);
    expect(await store.getTask(taskKeyOf(readerHost))).toEqual(readerHost);
  });

  it("reads a record's status alone, as it changes, and nothing for a party without a record", async () => {
    const job = jobRecord();
    await store.createJob(job, [taskRecord({ jobId: job.jobId })]);
    const created = await store.getJobStatus(jobKeyOf(job));
    await store.updateJobStatus(jobKeyOf(job), 'running');

    expect([created, await store.getJobStatus(jobKeyOf(job))]).toEqual([job.status, 'running']);
    expect(await store.getJobStatus({ jobId: job.jobId, role: 'host', partyId: HOST })).toBeUndefined();
  });

  it('answers exists to a second create of the same job and changes nothing', async () => {
    const job = jobRecord();
    const task = taskRecord({ jobId: job.jobId });
    await store.createJob(job, [task]);
    await store.updateJobStatus(jobKeyOf(job), 'running');
    const before = await store.getJob(jobKeyOf(job));

    const again = await store.createJob({ ...job, description: 'changed' }, [
      { ...task, module: 'Changed' },
      taskRecord({ jobId: job.jobId, component: 'extra_0' }),
    ]);

    expect(again).toBe('exists');
    expect(await store.getJob(jobKeyOf(job))).toEqual(before);
    expect(before?.status).toBe('running');
    expect(await store.listTasks(job.jobId)).toEqual([task]);
  });

  it('answers created to exactly one of ten concurrent creates of the same job', async () => {
    const job = jobRecord();
    const tasks = [taskRecord({ jobId: job.jobId })];

    const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.createJob(job, tasks)));

    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'exists')).toHaveLength(9);
    expect(await store.getJobRecords(job.jobId)).toEqual([job]);
    expect(await store.listTasks(job.jobId)).toEqual(tasks);
  });

  it('keeps the records of every role the site plays in a job apart', async () => {
    const jobId = newJobId();
    const host = jobRecord({ jobId, role: 'host', partyId: HOST, isInitiator: false });
    const arbiter = jobRecord({ jobId, role: 'arbiter', partyId: HOST, isInitiator: false });

    expect(await store.createJob(host, [])).toBe('created');
    expect(await store.createJob(arbiter, [])).toBe('created');

    expect(await store.getJobRecords(jobId)).toEqual([arbiter, host]);
    expect(await store.getJob({ jobId, role: 'host', partyId: HOST })).toEqual(host);
    expect(await store.getJob({ jobId, role: 'guest', partyId: HOST })).toBeUndefined();
  });

  it('refuses tasks of another job and stores nothing', async () => {
    const job = jobRecord();
    const foreign = taskRecord({ jobId: newJobId() });

    await expect(store.createJob(job, [foreign])).rejects.toThrow(ArgumentError);

    expect(await store.getJob(jobKeyOf(job))).toBeUndefined();
    expect(await store.listTasks(foreign.jobId)).toEqual([]);
  });

  it('returns undefined for a job or task that does not exist', async () => {
    expect(await store.getJob({ jobId: 'nope', role: 'guest', partyId: GUEST })).toBeUndefined();
    expect(
      await store.getTask({ jobId: 'nope', component: 'reader_0', taskVersion: 0, role: 'guest', partyId: GUEST }),
    ).toBeUndefined();
    expect(await store.getJobRecords('nope')).toEqual([]);
  });
});

describe('tasks', () => {
  it('adds a new task version at rerun and leaves the existing versions as they are', async () => {
    const job = jobRecord();
    const v0 = taskRecord({ jobId: job.jobId, component: 'hetero_lr_0', partyStatus: 'failed', status: 'failed' });
    await store.createJob(job, [v0]);
    const v1 = taskRecord({ jobId: job.jobId, component: 'hetero_lr_0', taskVersion: 1 });

    await store.createTasks([{ ...v0, partyStatus: 'waiting' }, v1]);

    expect(await store.listTasks(job.jobId)).toEqual([v0, v1]);
    expect(await store.listTasks(job.jobId, { latestOnly: true })).toEqual([v1]);
  });

  it('records a heartbeat on a running task only, and reads it back', async () => {
    const job = jobRecord();
    const running = taskRecord({ jobId: job.jobId, component: 'sleep_0', partyStatus: 'running' });
    const ended = taskRecord({ jobId: job.jobId, component: 'sleep_1', partyStatus: 'failed' });
    await store.createJob(job, [running, ended]);

    expect(await store.recordTaskHeartbeat(taskKeyOf(running), NOW + 10_000)).toBe(true);
    expect(await store.recordTaskHeartbeat(taskKeyOf(ended), NOW + 10_000)).toBe(false);
    expect(await store.recordTaskHeartbeat({ ...taskKeyOf(running), taskVersion: 9 }, NOW)).toBe(false);

    expect(await store.getTask(taskKeyOf(running))).toEqual({ ...running, heartbeatTime: NOW + 10_000 });
    expect(await store.getTask(taskKeyOf(ended))).toEqual(ended);
  });

  it('filters by component, role and party, and keeps the newest version of each with latestOnly', async () => {
    const job = jobRecord();
    const make = (component: string, taskVersion: number, role: 'guest' | 'host', partyId: number) =>
      taskRecord({ jobId: job.jobId, component, taskVersion, role, partyId });
    const tasks = [
      make('reader_0', 0, 'guest', GUEST),
      make('reader_0', 0, 'host', HOST),
      make('lr_0', 0, 'guest', GUEST),
      make('lr_0', 1, 'guest', GUEST),
      make('lr_0', 2, 'guest', GUEST),
      make('lr_0', 0, 'host', HOST),
      make('lr_0', 1, 'host', HOST),
      // A component whose name extends another's with the key separator must not leak into its listing.
      make('lr_0#1', 0, 'guest', GUEST),
    ];
    await store.createJob(job, tasks);

    const ids = (found: readonly { component: string; taskVersion: number; role: string }[]) =>
      found.map((task) => `${task.component}/${task.taskVersion}/${task.role}`);
    expect(ids(await store.listTasks(job.jobId, { component: 'lr_0' }))).toEqual([
      'lr_0/0/guest',
      'lr_0/0/host',
      'lr_0/1/guest',
      'lr_0/1/host',
      'lr_0/2/guest',
    ]);
    expect(ids(await store.listTasks(job.jobId, { component: 'lr_0', latestOnly: true }))).toEqual([
      'lr_0/1/host',
      'lr_0/2/guest',
    ]);
    expect(ids(await store.listTasks(job.jobId, { role: 'host' }))).toEqual([
      'lr_0/0/host',
      'lr_0/1/host',
      'reader_0/0/host',
    ]);
    expect(ids(await store.listTasks(job.jobId, { partyId: GUEST, latestOnly: true }))).toEqual([
      'lr_0/2/guest',
      'lr_0#1/0/guest',
      'reader_0/0/guest',
    ]);
    expect(ids(await store.listTasks(job.jobId, { component: 'lr_0#1' }))).toEqual(['lr_0#1/0/guest']);
  });
});

describe('job fields', () => {
  it('raises progress only when the new value is larger', async () => {
    const job = jobRecord({ progress: 10 });
    await store.createJob(job, []);

    await store.updateJobFields(jobKeyOf(job), { progress: 40 });
    expect((await store.getJob(jobKeyOf(job)))?.progress).toBe(40);
    await store.updateJobFields(jobKeyOf(job), { progress: 20 });
    expect((await store.getJob(jobKeyOf(job)))?.progress).toBe(40);
  });

  it('writes the other fields even when the progress is not larger', async () => {
    const job = jobRecord({ progress: 50 });
    await store.createJob(job, []);

    await store.updateJobFields(jobKeyOf(job), {
      progress: 30,
      description: 'renamed',
      cancelSignal: true,
      rerunSignal: true,
      tag: 'job_end',
      cores: 8,
      memory: 1024,
      resourceInUse: true,
    });

    expect(await store.getJob(jobKeyOf(job))).toEqual({
      ...job,
      progress: 50,
      description: 'renamed',
      cancelSignal: true,
      rerunSignal: true,
      tag: 'job_end',
      cores: 8,
      memory: 1024,
      resourceInUse: true,
      updateTime: NOW,
    });
  });

  it('starts and clears the silence clock of a job whose parties stopped answering', async () => {
    const job = jobRecord();
    await store.createJob(job, []);

    await store.updateJobFields(jobKeyOf(job), { peersSilentSince: NOW - 5_000 });
    expect((await store.getJob(jobKeyOf(job)))?.peersSilentSince).toBe(NOW - 5_000);
    await store.updateJobFields(jobKeyOf(job), { peersSilentSince: 0 });
    expect(await store.getJob(jobKeyOf(job))).toEqual({ ...job, updateTime: NOW });
  });

  it('ends at the largest of twenty concurrent progress values', async () => {
    const job = jobRecord();
    await store.createJob(job, []);
    const values = [35, 5, 90, 60, 15, 75, 45, 20, 85, 10, 55, 25, 65, 80, 30, 40, 50, 70, 95, 0];

    await Promise.all(values.map((progress) => store.updateJobFields(jobKeyOf(job), { progress })));

    expect((await store.getJob(jobKeyOf(job)))?.progress).toBe(95);
  });

  it('throws NotFoundError for a job that does not exist and creates nothing', async () => {
    const key = { jobId: newJobId(), role: 'guest' as const, partyId: GUEST };

    await expect(store.updateJobFields(key, { progress: 10 })).rejects.toThrow(NotFoundError);
    await expect(store.updateJobFields(key, { description: 'x' })).rejects.toThrow(NotFoundError);
    await expect(store.updateJobFields(key, {})).rejects.toThrow(NotFoundError);

    expect(await store.getJobRecords(key.jobId)).toEqual([]);
  });
});
