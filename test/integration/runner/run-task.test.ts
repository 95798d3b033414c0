import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { DynamoTrackingStore } from '../../../functions/adapters/dynamodb/tracking-store.js';
import { LocalObjectStore } from '../../../functions/adapters/objects/local-object-store.js';
import type { TaskKey } from '../../../functions/domain/records/task-record.js';
import { runnableComponents } from '../../../runner/components/catalog.js';
import { defineComponent, loadedComponent, type RunnableComponent } from '../../../runner/components/component.js';
import { type RunTaskDeps, runTask } from '../../../runner/run-task.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { recordedLog } from '../../support/task-log.js';
import { GUEST, storeJob, T0 } from './records.js';

const END = T0 + 1500;

let local: LocalDynamo;
let objectsDir: string;
let jobs: DynamoJobStore;
let deps: RunTaskDeps;
let log: ReturnType<typeof recordedLog>;

beforeAll(async () => {
  local = await startDynalite();
  objectsDir = await mkdtemp(join(tmpdir(), 'runner-objects-'));
  jobs = new DynamoJobStore(local.client, local.tableName);
  deps = {
    jobs,
    tracking: new DynamoTrackingStore(local.client, local.tableName),
    objects: new LocalObjectStore(objectsDir),
    // A runner whose site opted into the test components: most tasks here are PassThrough and Sleep.
    components: runnableComponents({ testComponents: true }),
    now: () => END,
    log: recordedLog(),
  };
});

beforeEach(() => {
  log = recordedLog();
  deps = { ...deps, log };
});

afterAll(async () => {
  await local.stop();
  await rm(objectsDir, { recursive: true, force: true });
});

/** The task log's lines so far, as `<LEVEL> <message>`. */
const logged = (): string[] => log.lines.map((line) => `${line.level} ${line.message}`);

const firstLine = (text: string | undefined): string | undefined => text?.split('\n')[0];

describe('runTask', () => {
  it('runs a two-component chain in which the second reads the output of the first at this party', async () => {
    const { key } = await storeJob(jobs, {
      pass_0: { module: 'PassThrough', parameters: { rows: 3 }, output: { data: ['data'] } },
      pass_1: { module: 'PassThrough', input: { data: { data: ['pass_0.data'] } }, output: { data: ['copy'] } },
    });

    expect(await runTask(deps, key('pass_0'))).toEqual({ status: 'success', exitCode: 0 });
    expect(await runTask(deps, key('pass_1'))).toEqual({ status: 'success', exitCode: 0 });

    const { jobId } = key('pass_1');
    const copy = await deps.objects.get(`outputs/${jobId}/pass_1/guest/${GUEST}/v0/copy.csv`);
    expect(new TextDecoder().decode(copy)).toBe('id,x0\n0,0\n1,0.1\n2,0.2\n');
    expect(
      await deps.tracking.listOutputs({ jobId, component: 'pass_1', role: 'guest', partyId: GUEST }, 'data'),
    ).toEqual([
      {
        jobId,
        component: 'pass_1',
        role: 'guest',
        partyId: GUEST,
        kind: 'data',
        name: 'copy',
        location: `outputs/${jobId}/pass_1/guest/${GUEST}/v0/copy.csv`,
        meta: { copiedFrom: 'pass_0.data', header: ['x0'], total: 3, sid: 'id', delimiter: ',' },
        createTime: END,
      },
    ]);
    const task = await jobs.getTask(key('pass_1'));
    expect([task?.partyStatus, task?.startTime, task?.endTime, task?.elapsed, task?.errorReport]).toEqual([
      'success',
      T0,
      END,
      1500,
      undefined,
    ]);
    expect(logged()).toEqual([
      'INFO running PassThrough',
      'INFO wrote data: a generated table of 3 rows',
      'INFO success in 1500 ms',
      'INFO running PassThrough',
      'INFO wrote copy: a copy of pass_0.data (3 rows)',
      'INFO success in 1500 ms',
    ]);
  });

  it("records Sleep's failure with its message and answers the exit code it asked for", async () => {
    const { key } = await storeJob(jobs, {
      sleep_0: { module: 'Sleep', parameters: { fail: true, exit_code: 3 }, output: { data: ['data'] } },
    });

    expect(await runTask(deps, key('sleep_0'))).toEqual({ status: 'failed', exitCode: 3 });
    const task = await jobs.getTask(key('sleep_0'));
    expect([task?.partyStatus, task?.endTime, task?.elapsed]).toEqual(['failed', END, 1500]);
    expect(firstLine(task?.errorReport)).toBe('ComponentExit: Sleep fails on purpose (fail: true)');
    expect(task?.errorReport?.split('\n')[1]).toMatch(/^ {4}at .*sleep\.ts/);
    expect(log.lines.at(-1)).toEqual({
      level: 'ERROR',
      message: 'failed after 1500 ms',
      fields: { error_report: task?.errorReport },
    });
  });

  it('fails the retried version of a flaky Sleep while it is below fail_while_version_below, then passes', async () => {
    const spec = { module: 'Sleep', parameters: { fail_while_version_below: 1 }, output: { data: ['data'] } };
    const first = await storeJob(jobs, { sleep_0: spec }, { taskVersion: 0 });
    const second = await storeJob(jobs, { sleep_0: spec }, { taskVersion: 1 });

    expect(await runTask(deps, first.key('sleep_0'))).toEqual({ status: 'failed', exitCode: 1 });
    expect(await runTask(deps, second.key('sleep_0'))).toEqual({ status: 'success', exitCode: 0 });
  });

  it('fails a task of a module this runner does not have, saying which it has', async () => {
    const { key } = await storeJob(jobs, { secret_0: { module: 'SecretSauce' } });

    expect(await runTask(deps, key('secret_0'))).toEqual({ status: 'failed', exitCode: 1 });
    const task = await jobs.getTask(key('secret_0'));
    expect(firstLine(task?.errorReport)).toBe(
      'ArgumentError: unknown module "SecretSauce": this runner can run ' +
        'Reader, DataTransform, Intersection, HeteroLR, Evaluation, FeatureScale, HomoLR, SecureAddExample, PassThrough, Sleep, Exchange',
    );
  });

  it('fails a test component at a runner whose site did not opt into them, as any module it does not have', async () => {
    const { key } = await storeJob(jobs, { pass_0: { module: 'PassThrough', output: { data: ['data'] } } });

    const production = { ...deps, components: runnableComponents({ testComponents: false }) };
    expect(await runTask(production, key('pass_0'))).toEqual({ status: 'failed', exitCode: 1 });
    expect(firstLine((await jobs.getTask(key('pass_0')))?.errorReport)).toBe(
      'ArgumentError: unknown module "PassThrough": this runner can run ' +
        'Reader, DataTransform, Intersection, HeteroLR, Evaluation, FeatureScale, HomoLR, SecureAddExample',
    );
    expect(await deps.objects.get(`outputs/${key('pass_0').jobId}/pass_0/guest/${GUEST}/v0/data.csv`)).toBeUndefined();
  });

  it('fails a task whose parameters the component refuses, naming the parameter', async () => {
    const { key } = await storeJob(jobs, { sleep_0: { module: 'Sleep', parameters: { seconds: -2 } } });

    expect(await runTask(deps, key('sleep_0'))).toEqual({ status: 'failed', exitCode: 1 });
    expect(firstLine((await jobs.getTask(key('sleep_0')))?.errorReport)).toBe(
      'ArgumentError: sleep_0.parameters.seconds: Too small: expected number to be >=0',
    );
  });

  describe('the job, read while the task is', () => {
    /** The job store, but its job reads fail: the task's read still works. */
    const unreadableJobs = () =>
      Object.assign(Object.create(jobs) as DynamoJobStore, {
        getJob: () => Promise.reject(new Error('the job could not be read')),
      });

    it("fails a running task with the job read's error", async () => {
      const { key } = await storeJob(jobs, { pass_0: { module: 'PassThrough', output: { data: ['data'] } } });

      expect(await runTask({ ...deps, jobs: unreadableJobs() }, key('pass_0'))).toEqual({
        status: 'failed',
        exitCode: 1,
      });
      expect(firstLine((await jobs.getTask(key('pass_0')))?.errorReport)).toBe('Error: the job could not be read');
    });

    it("reports the component's failure to load before the job read's", async () => {
      const { key } = await storeJob(jobs, { pass_0: { module: 'PassThrough', output: { data: ['data'] } } });
      const broken = { module: 'PassThrough', load: () => Promise.reject(new Error('the chunk is missing')) };

      expect(await runTask({ ...deps, jobs: unreadableJobs(), components: [broken] }, key('pass_0'))).toEqual({
        status: 'failed',
        exitCode: 1,
      });
      expect(firstLine((await jobs.getTask(key('pass_0')))?.errorReport)).toBe('Error: the chunk is missing');
    });

    it('skips a task that is not running whatever its job read gives', async () => {
      const { key } = await storeJob(jobs, { pass_0: { module: 'PassThrough' } }, { running: [] });

      expect(await runTask({ ...deps, jobs: unreadableJobs() }, key('pass_0'))).toEqual({
        status: 'skipped',
        exitCode: 0,
      });
      const task = await jobs.getTask(key('pass_0'));
      expect([task?.partyStatus, task?.statusHistory]).toEqual(['waiting', []]);
      expect(logged()).toEqual(['INFO the task is waiting, not running: nothing to do']);
    });
  });

  it('skips a task that is not running, leaving it as it is', async () => {
    const { key } = await storeJob(jobs, { pass_0: { module: 'PassThrough' } }, { running: [] });

    expect(await runTask(deps, key('pass_0'))).toEqual({ status: 'skipped', exitCode: 0 });
    const task = await jobs.getTask(key('pass_0'));
    expect([task?.partyStatus, task?.statusHistory]).toEqual(['waiting', []]);
    expect(logged()).toEqual(['INFO the task is waiting, not running: nothing to do']);
  });

  it('keeps a stop that arrived while the component ran instead of writing success', async () => {
    const stoppedMidway = defineComponent(
      { module: 'StoppedMidway', roles: ['guest'], parameters: z.strictObject({}) },
      {
        async run(ctx) {
          await jobs.updateTaskPartyStatus(ctx, 'canceled');
        },
      },
    );
    const { key } = await storeJob(jobs, { stop_0: { module: 'StoppedMidway' } });

    expect(await runTask({ ...deps, components: [loadedComponent(stoppedMidway)] }, key('stop_0'))).toEqual({
      status: 'canceled',
      exitCode: 0,
    });
    expect((await jobs.getTask(key('stop_0')))?.partyStatus).toBe('canceled');
    expect(logged().at(-1)).toBe('WARN the task is canceled already: success was not recorded');
  });

  it('beats the heartbeat while the component runs and stops when it ends', async () => {
    const beats: Array<[TaskKey, number]> = [];
    let beatsBeforeRun = Number.POSITIVE_INFINITY;
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Beats may already come while the runner reads the task and job; the component ends three beats into its run.
    const waitsForBeats: RunnableComponent = defineComponent(
      { module: 'WaitsForBeats', roles: ['guest'], parameters: z.strictObject({}) },
      {
        run: () => {
          beatsBeforeRun = beats.length;
          return released;
        },
      },
    );
    const { key } = await storeJob(jobs, { wait_0: { module: 'WaitsForBeats' } });
    const heartbeat = {
      intervalMs: 5,
      async beat(task: TaskKey, at: number) {
        beats.push([task, at]);
        if (beats.length === beatsBeforeRun + 3) release();
      },
    };

    expect(await runTask({ ...deps, components: [loadedComponent(waitsForBeats)], heartbeat }, key('wait_0'))).toEqual({
      status: 'success',
      exitCode: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(beats.length - beatsBeforeRun).toBe(3);
    expect(new Set(beats.map(([task, at]) => JSON.stringify([task, at])))).toEqual(
      new Set([JSON.stringify([key('wait_0'), END])]),
    );
  });

  it('throws when the task does not exist, since there is nothing to record the failure on', async () => {
    await expect(
      runTask(deps, {
        jobId: '202601019999999999999',
        component: 'x_0',
        taskVersion: 0,
        role: 'guest',
        partyId: GUEST,
      }),
    ).rejects.toThrow('task x_0 v0 of job 202601019999999999999 not found');
  });

  it("runs FATE's components, and the test components only at a site that opted into them", () => {
    const fate = [
      'Reader',
      'DataTransform',
      'Intersection',
      'HeteroLR',
      'Evaluation',
      'FeatureScale',
      'HomoLR',
      'SecureAddExample',
    ];
    const modules = (testComponents: boolean) =>
      runnableComponents({ testComponents }).map((component) => component.module);
    expect(modules(false)).toEqual(fate);
    expect(modules(true)).toEqual([...fate, 'PassThrough', 'Sleep', 'Exchange']);
  });
});
