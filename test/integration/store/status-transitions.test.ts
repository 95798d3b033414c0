import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { jobItemKey } from '../../../functions/adapters/dynamodb/keys.js';
import { NotFoundError } from '../../../functions/domain/errors.js';
import { jobKeyOf } from '../../../functions/domain/records/job-record.js';
import { taskKeyOf } from '../../../functions/domain/records/task-record.js';
import {
  JOB_STATUSES,
  type JobStatus,
  type Status,
  TASK_STATUSES,
  type TaskStatus,
} from '../../../functions/domain/status/statuses.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { JOB_EDGES, JOB_RERUN_ONLY, TASK_EDGES } from '../../unit/domain/status/fate-tables.js';
import { GUEST, jobRecord, newJobId, taskRecord } from './records.js';

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

type Verdict = 'updated' | 'not_effective';

/** Every ordered pair of statuses, including staying put. */
function pairs<S extends Status>(statuses: readonly S[]): [S, S][] {
  return statuses.flatMap((from) => statuses.map((to): [S, S] => [from, to]));
}

/** FATE's verdict from the hand-written copy of its tables (independent of the implementation). */
const jobAllowed = (from: Status, to: Status, rerun: boolean): boolean =>
  (JOB_EDGES[from]?.includes(to) ?? false) || (rerun && (JOB_RERUN_ONLY[from]?.includes(to) ?? false));
const taskAllowed = (from: Status, to: Status): boolean => TASK_EDGES[from]?.includes(to) ?? false;

async function rawJobItem(key: Parameters<typeof jobItemKey>[0]): Promise<Record<string, unknown> | undefined> {
  const { Item } = await local.client.send(
    new GetCommand({ TableName: local.tableName, Key: jobItemKey(key), ConsistentRead: true }),
  );
  return Item;
}

describe('job status through the store', () => {
  const cases = pairs(JOB_STATUSES).flatMap(([from, to]) =>
    [false, true].map((rerun): [JobStatus, JobStatus, boolean, Verdict] => [
      from,
      to,
      rerun,
      jobAllowed(from, to, rerun) ? 'updated' : 'not_effective',
    ]),
  );

  it.each(cases)('job %s → %s with rerun %s is %s', async (from, to, rerun, verdict) => {
    const job = jobRecord({ status: from });
    await store.createJob(job, []);

    const result = await store.updateJobStatus(jobKeyOf(job), to, {}, { rerun });

    if (verdict === 'updated') {
      expect(result).toEqual({ outcome: 'updated', from });
      expect(await store.getJob(jobKeyOf(job))).toEqual({ ...job, status: to, updateTime: NOW });
    } else {
      expect(result).toEqual({ outcome: 'not_effective', current: from });
      expect(await store.getJob(jobKeyOf(job))).toEqual(job);
    }
  });

  it('never overwrites a final status: success → running is not effective and the item is untouched', async () => {
    const job = jobRecord({ status: 'success', endTime: 5 });
    await store.createJob(job, []);
    const before = await rawJobItem(job);

    expect(await store.updateJobStatus(jobKeyOf(job), 'running', { startTime: 9 })).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });
    expect(await store.updateJobStatus(jobKeyOf(job), 'waiting')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });

    expect(await rawJobItem(job)).toEqual(before);
  });

  it('takes a rerun edge only when asked for a rerun', async () => {
    const job = jobRecord({ status: 'failed', progress: 60, tag: 'job_end' });
    await store.createJob(job, []);

    expect(await store.updateJobStatus(jobKeyOf(job), 'waiting')).toEqual({
      outcome: 'not_effective',
      current: 'failed',
    });
    expect(await store.updateJobStatus(jobKeyOf(job), 'waiting', { progress: 0, tag: '' }, { rerun: true })).toEqual({
      outcome: 'updated',
      from: 'failed',
    });

    // A rerun starts over, so it may reset the progress.
    expect(await store.getJob(jobKeyOf(job))).toEqual({
      ...job,
      status: 'waiting',
      progress: 0,
      tag: '',
      updateTime: NOW,
    });
  });

  it('writes the patch in the same update as the status', async () => {
    const job = jobRecord({ status: 'running', progress: 40 });
    await store.createJob(job, []);

    await store.updateJobStatus(jobKeyOf(job), 'success', {
      startTime: 100,
      endTime: 900,
      elapsed: 800,
      tag: 'job_end',
      progress: 100,
    });

    expect(await store.getJob(jobKeyOf(job))).toEqual({
      ...job,
      status: 'success',
      startTime: 100,
      endTime: 900,
      elapsed: 800,
      tag: 'job_end',
      progress: 100,
      updateTime: NOW,
    });
  });

  it('never lowers the progress with a status change outside a rerun', async () => {
    const job = jobRecord({ status: 'running', progress: 80 });
    await store.createJob(job, []);

    expect(await store.updateJobStatus(jobKeyOf(job), 'failed', { progress: 30 })).toEqual({
      outcome: 'updated',
      from: 'running',
    });

    expect(await store.getJob(jobKeyOf(job))).toEqual({ ...job, status: 'failed', progress: 80, updateTime: NOW });
  });

  it('accepts only a chain of allowed moves when fifty writers race to end a running job', async () => {
    const job = jobRecord({ status: 'running' });
    await store.createJob(job, []);
    const targets = ['success', 'failed', 'canceled', 'timeout', 'running'] as const;
    const targetOf = (i: number) => targets[i % targets.length] ?? 'failed';

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.updateJobStatus(jobKeyOf(job), targetOf(i))),
    );

    // The accepted moves, each with the target its writer asked for, must form one path from running.
    const moves = results.flatMap((result, i) =>
      result.outcome === 'updated' ? [{ from: result.from, to: targetOf(i) }] : [],
    );
    let status: Status = 'running';
    for (let step = 0; step < moves.length; step += 1) {
      const next = moves.find((move) => move.from === status);
      expect(next).toBeDefined();
      expect(jobAllowed(status, next?.to ?? status, false)).toBe(true);
      status = next?.to ?? status;
    }
    expect((await store.getJob(jobKeyOf(job)))?.status).toBe(status);
    // running → an end status, or running → timeout → failed | success: never more than two moves.
    expect(moves.length === 1 || (moves.length === 2 && moves[0]?.from !== moves[1]?.from)).toBe(true);
    expect(['success', 'failed', 'canceled', 'timeout']).toContain(status);
    expect(results.filter((result) => result.outcome === 'not_effective')).toHaveLength(50 - moves.length);
  });

  it('throws NotFoundError for a job that does not exist', async () => {
    await expect(
      store.updateJobStatus({ jobId: newJobId(), role: 'guest', partyId: GUEST }, 'running'),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('task status through the store', () => {
  const cases = pairs(TASK_STATUSES).map(([from, to]): [TaskStatus, TaskStatus, Verdict] => [
    from,
    to,
    taskAllowed(from, to) ? 'updated' : 'not_effective',
  ]);

  it.each(cases)(
    'party status %s → %s is %s, and an accepted move is recorded in the history',
    async (from, to, verdict) => {
      const task = taskRecord({ jobId: newJobId(), partyStatus: from });
      await store.createTasks([task]);

      const result = await store.updateTaskPartyStatus(taskKeyOf(task), to);

      if (verdict === 'updated') {
        expect(result).toEqual({ outcome: 'updated', from });
        expect(await store.getTask(taskKeyOf(task))).toEqual({
          ...task,
          partyStatus: to,
          statusHistory: [{ from, to, at: NOW }],
          updateTime: NOW,
        });
      } else {
        expect(result).toEqual({ outcome: 'not_effective', current: from });
        expect(await store.getTask(taskKeyOf(task))).toEqual(task);
      }
    },
  );

  it.each(cases)('federated status %s → %s is %s', async (from, to, verdict) => {
    const task = taskRecord({ jobId: newJobId(), status: from });
    await store.createTasks([task]);

    const result = await store.updateTaskStatus(taskKeyOf(task), to);

    if (verdict === 'updated') {
      expect(result).toEqual({ outcome: 'updated', from });
      expect(await store.getTask(taskKeyOf(task))).toEqual({ ...task, status: to, updateTime: NOW });
    } else {
      expect(result).toEqual({ outcome: 'not_effective', current: from });
      expect(await store.getTask(taskKeyOf(task))).toEqual(task);
    }
  });

  it('keeps the party status and the federated status apart', async () => {
    const task = taskRecord({ jobId: newJobId() });
    await store.createTasks([task]);

    await store.updateTaskPartyStatus(taskKeyOf(task), 'running');
    await store.updateTaskStatus(taskKeyOf(task), 'running');
    await store.updateTaskStatus(taskKeyOf(task), 'failed');

    expect(await store.getTask(taskKeyOf(task))).toEqual({
      ...task,
      partyStatus: 'running',
      status: 'failed',
      statusHistory: [{ from: 'waiting', to: 'running', at: NOW }],
      updateTime: NOW,
    });
  });

  it('writes the patch with the party status and appends each move to the history', async () => {
    const task = taskRecord({ jobId: newJobId() });
    await store.createTasks([task]);

    await store.updateTaskPartyStatus(taskKeyOf(task), 'running', { startTime: 10, workerId: 'pid:4242' });
    await store.updateTaskPartyStatus(taskKeyOf(task), 'failed', {
      endTime: 70,
      elapsed: 60,
      errorReport: 'exit code 1',
    });

    expect(await store.getTask(taskKeyOf(task))).toEqual({
      ...task,
      partyStatus: 'failed',
      startTime: 10,
      endTime: 70,
      elapsed: 60,
      workerId: 'pid:4242',
      errorReport: 'exit code 1',
      statusHistory: [
        { from: 'waiting', to: 'running', at: NOW },
        { from: 'running', to: 'failed', at: NOW },
      ],
      updateTime: NOW,
    });
  });

  it('never overwrites a final task status: success → running changes nothing', async () => {
    const task = taskRecord({ jobId: newJobId(), partyStatus: 'success', status: 'success' });
    await store.createTasks([task]);

    expect(await store.updateTaskPartyStatus(taskKeyOf(task), 'running', { workerId: 'late' })).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });
    expect(await store.updateTaskStatus(taskKeyOf(task), 'running')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });

    expect(await store.getTask(taskKeyOf(task))).toEqual(task);
  });

  it("decides a write given the caller's expected status as it decides one without, whether the expectation is right or stale", async () => {
    const right = taskRecord({ jobId: newJobId() });
    const staleThenAllowed = taskRecord({ jobId: newJobId(), partyStatus: 'running', status: 'running' });
    const staleThenRefused = taskRecord({ jobId: newJobId(), partyStatus: 'running', status: 'success' });
    await store.createTasks([right, staleThenAllowed, staleThenRefused]);

    // Right: written from it. Stale (waiting, read before another writer moved it to running): the
    // stored status decides — running → success is allowed and recorded from running; running →
    // running and success → failed are not effective and write nothing.
    expect(await store.updateTaskPartyStatus(taskKeyOf(right), 'running', { workerId: 'w' }, 'waiting')).toEqual({
      outcome: 'updated',
      from: 'waiting',
    });
    expect(await store.updateTaskPartyStatus(taskKeyOf(staleThenAllowed), 'success', {}, 'waiting')).toEqual({
      outcome: 'updated',
      from: 'running',
    });
    expect(await store.updateTaskStatus(taskKeyOf(staleThenAllowed), 'success', 'waiting')).toEqual({
      outcome: 'updated',
      from: 'running',
    });
    expect(await store.updateTaskPartyStatus(taskKeyOf(staleThenRefused), 'running', {}, 'waiting')).toEqual({
      outcome: 'not_effective',
      current: 'running',
    });
    expect(await store.updateTaskStatus(taskKeyOf(staleThenRefused), 'failed', 'running')).toEqual({
      outcome: 'not_effective',
      current: 'success',
    });

    expect(await store.getTask(taskKeyOf(right))).toEqual({
      ...right,
      partyStatus: 'running',
      workerId: 'w',
      statusHistory: [{ from: 'waiting', to: 'running', at: NOW }],
      updateTime: NOW,
    });
    expect(await store.getTask(taskKeyOf(staleThenAllowed))).toEqual({
      ...staleThenAllowed,
      partyStatus: 'success',
      status: 'success',
      statusHistory: [{ from: 'running', to: 'success', at: NOW }],
      updateTime: NOW,
    });
    expect(await store.getTask(taskKeyOf(staleThenRefused))).toEqual(staleThenRefused);
    const missing = { ...taskKeyOf(right), component: 'missing_0' };
    await expect(store.updateTaskPartyStatus(missing, 'running', {}, 'waiting')).rejects.toThrow(NotFoundError);
    await expect(store.updateTaskStatus(missing, 'running', 'waiting')).rejects.toThrow(NotFoundError);
  });

  it('throws NotFoundError for a task that does not exist', async () => {
    const key = { jobId: newJobId(), component: 'reader_0', taskVersion: 0, role: 'guest' as const, partyId: GUEST };

    await expect(store.updateTaskPartyStatus(key, 'running')).rejects.toThrow(NotFoundError);
    await expect(store.updateTaskStatus(key, 'running')).rejects.toThrow(NotFoundError);
  });

  it('marks a status reported only while the task is at it: a late answer to an earlier one changes nothing', async () => {
    const task = taskRecord({ jobId: newJobId(), partyStatus: 'running' });
    await store.createTasks([task]);
    await store.markTaskReported(taskKeyOf(task), 'running');
    expect((await store.getTask(taskKeyOf(task)))?.reportedStatus).toBe('running');

    await store.updateTaskPartyStatus(taskKeyOf(task), 'success');
    await store.markTaskReported(taskKeyOf(task), 'success');
    // The answer to the running report arrives last: the success stays the reported status.
    await store.markTaskReported(taskKeyOf(task), 'running');
    expect((await store.getTask(taskKeyOf(task)))?.reportedStatus).toBe('success');

    const missing = { ...taskKeyOf(task), component: 'never_0' };
    await expect(store.markTaskReported(missing, 'running')).resolves.toBeUndefined();
    expect(await store.getTask(missing)).toBeUndefined();
  });
});
