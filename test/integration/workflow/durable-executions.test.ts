import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DynamoExecutionStore } from '../../../functions/adapters/dynamodb/execution-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import type { StepHandlers } from '../../../functions/steps/step-contract.js';
import { LocalOrchestrator } from '../../../local/workflow/local-orchestrator.js';
import { resumeWorkflows } from '../../../local/workflow/resume-workflows.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { GUEST, HOST, jobRecord } from '../store/records.js';
import { freshJobId, startExecutionStore } from './support/execution-store.js';
import {
  fails,
  holds,
  namedError,
  plan,
  RecordingSteps,
  settleDown,
  succeeds,
  throws,
  waitFor,
} from './support/recording-steps.js';

let store: DynamoExecutionStore;
let dynamo: LocalDynamo;
let jobId: string;
const orchestrators: LocalOrchestrator[] = [];

beforeAll(async () => {
  ({ store, dynamo } = await startExecutionStore());
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  jobId = freshJobId();
});

afterEach(async () => {
  await Promise.all(orchestrators.splice(0).map((orchestrator) => orchestrator.close()));
});

/** One life of a site's orchestrator over the shared store (a restart is a new one). */
function orchestratorFor(steps: RecordingSteps): LocalOrchestrator {
  const orchestrator = new LocalOrchestrator({ steps, store, retryIntervalMs: 0, clock: () => 1_767_300_000_000 });
  steps.settleThrough(orchestrator);
  orchestrators.push(orchestrator);
  return orchestrator;
}

/** Long enough for store writes under way to land (waitFor counts event-loop turns). */
const TURNS = 20_000;

describe('LocalOrchestrator executions kept in the store', () => {
  it('stores each execution RUNNING with its input before it runs, and how it ended', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a']]), { a: [holds] });
    const orchestrator = orchestratorFor(steps);
    await orchestrator.startExecution(jobId, 1);
    await waitFor(() => steps.held.has('a'), TURNS);

    expect(await store.getExecution(jobId, 1)).toEqual({
      jobId,
      run: 1,
      name: jobId,
      status: 'RUNNING',
      input: { jobId },
      startTime: 1_767_300_000_000,
    });
    expect(await store.componentWaits(jobId, 1)).toEqual([
      { jobId, run: 1, component: 'a', taskToken: steps.held.get('a'), retries: [0] },
    ]);

    await steps.release('a');
    await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
    expect((await store.getExecution(jobId, 1))?.status).toBe('SUCCEEDED');
    expect(await store.componentWaits(jobId, 1)).toEqual([]);

    const failed = freshJobId();
    const failing = new RecordingSteps(plan(failed, 1, [['a']]), { a: [fails('ComponentFailed', 'no retry left')] });
    const second = orchestratorFor(failing);
    await second.startExecution(failed, 2);
    await expect(second.executionResult(failed, 2)).resolves.toBe('failed');
    expect(await store.getExecution(failed, 2)).toMatchObject({ name: `${failed}-r2`, status: 'FAILED' });
  });

  it('leaves executions RUNNING when the site shuts down; the next start resumes them from the start', async () => {
    const before = new RecordingSteps(plan(jobId, 2, [['reader_0'], ['lr_0', 'psi_0'], ['eval_0']]), {
      lr_0: [holds],
      psi_0: [holds],
    });
    const first = orchestratorFor(before);
    await first.startExecution(jobId, 1);
    await waitFor(() => before.held.size === 2, TURNS);
    await before.release('psi_0');
    await settleDown();
    const waiting = before.held.get('lr_0');

    await first.close();

    await expect(first.executionResult(jobId)).resolves.toBe('aborted');
    expect((await store.getExecution(jobId, 1))?.status).toBe('RUNNING');
    expect((await store.componentWaits(jobId, 1)).find((w) => w.component === 'lr_0')?.taskToken).toBe(waiting);
    expect(before.events).not.toContain('fail');

    // The step handlers are idempotent: a component that succeeded settles at once when started
    // again (RecordingSteps' default), the one still running gets a new token and waits.
    const after = new RecordingSteps(plan(jobId, 2, [['reader_0'], ['lr_0', 'psi_0'], ['eval_0']]), {
      lr_0: [holds],
    });
    const second = orchestratorFor(after);
    expect(await second.resume()).toEqual([jobId]);
    await waitFor(() => after.held.has('lr_0'), TURNS);
    expect(after.held.get('lr_0')).not.toBe(waiting);
    // The old token is unknown now.
    await second.succeed(waiting ?? '', { component: 'lr_0' });
    await settleDown();
    expect(after.started()).toEqual(['reader_0', 'lr_0', 'psi_0']);

    await after.release('lr_0');
    await expect(second.executionResult(jobId)).resolves.toBe('succeeded');
    expect(after.events.slice(-2)).toEqual(['settle eval_0', 'finish']);
    expect((await store.getExecution(jobId, 1))?.status).toBe('SUCCEEDED');
    expect(await second.resume()).toEqual([]);
  });

  it('resumes neither an ended execution nor one stopped while the site was down, and starts neither again', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a']]));
    const first = orchestratorFor(steps);
    await first.startExecution(jobId, 1);
    await expect(first.executionResult(jobId)).resolves.toBe('succeeded');

    const stopped = freshJobId();
    const held = new RecordingSteps(plan(stopped, 1, [['a']]), { a: [holds] });
    const before = orchestratorFor(held);
    await before.startExecution(stopped, 1);
    await waitFor(() => held.held.has('a'), TURNS);
    await before.close();

    // Restarted: the stop of the job comes before the workflows are resumed.
    const restarted = new RecordingSteps(plan(stopped, 1, [['a']]));
    const second = orchestratorFor(restarted);
    await second.stopExecution(stopped, 1, 'canceled by the user');
    expect(await second.resume()).toEqual([]);
    await second.startExecution(jobId, 1);
    await second.startExecution(stopped, 1);
    await settleDown();

    expect(restarted.events).toEqual([]);
    expect((await store.getExecution(stopped, 1))?.status).toBe('ABORTED');
    expect((await store.getExecution(jobId, 1))?.status).toBe('SUCCEEDED');
  });

  it('counts the retries a component used before the restart: only the rest are tried after it', async () => {
    const transient = throws(namedError('TransientError', 'party 10000 unreachable'));
    const before = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), { a: [transient, transient, transient, holds] });
    const first = orchestratorFor(before);
    await first.startExecution(jobId, 1);
    await waitFor(() => before.held.has('a'), TURNS);
    expect(before.started()).toEqual(['a', 'a', 'a', 'a']);
    await first.close();
    expect((await store.componentWaits(jobId, 1)).map((w) => w.retries)).toEqual([[3]]);

    const after = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), { a: [transient] });
    const second = orchestratorFor(after);
    await second.resume();

    await expect(second.executionResult(jobId)).resolves.toBe('failed');
    // RunComponent's Retry allows 5: 3 were used, so the resumed run starts `a` once and retries it twice.
    expect(after.started()).toEqual(['a', 'a', 'a']);
    expect(after.failInputs).toEqual([
      {
        jobId,
        error: 'TransientError',
        cause: '{"errorType":"TransientError","errorMessage":"party 10000 unreachable"}',
      },
    ]);
    expect((await store.getExecution(jobId, 1))?.status).toBe('FAILED');
  });

  it('stores a retry before waiting for it: a restart during the wait does not give the retry back', async () => {
    const transient = throws(namedError('TransientError', 'party 10000 unreachable'));
    const before = new RecordingSteps(plan(jobId, 1, [['a']]), { a: [transient] });
    // The retry waits a minute: the site shuts down during the wait.
    const first = new LocalOrchestrator({ steps: before, store, retryIntervalMs: 60_000 });
    orchestrators.push(first);
    await first.startExecution(jobId, 1);
    const deadline = Date.now() + 10_000;
    while ((await store.componentWaits(jobId, 1))[0]?.retries[0] !== 1 && Date.now() < deadline) await settleDown();
    await first.close();

    expect(await store.componentWaits(jobId, 1)).toEqual([{ jobId, run: 1, component: 'a', retries: [1] }]);
    expect(before.started()).toEqual(['a']);

    const after = new RecordingSteps(plan(jobId, 1, [['a']]), { a: [succeeds] });
    const second = orchestratorFor(after);
    await second.resume();

    await expect(second.executionResult(jobId)).resolves.toBe('succeeded');
    expect(after.started()).toEqual(['a']);
  });
});

describe('resumeWorkflows at a restarted site', () => {
  let own: { store: DynamoExecutionStore; dynamo: LocalDynamo };
  let jobs: DynamoJobStore;

  beforeAll(async () => {
    // Its own table: every RUNNING execution in it is resumed.
    own = await startExecutionStore();
    jobs = new DynamoJobStore(own.dynamo.client, own.dynamo.tableName);
  });

  afterAll(async () => {
    await own.dynamo.stop();
  });

  it('resumes the RUNNING executions and starts the missing one of a running job it initiated, nothing else', async () => {
    const [missing, resumed, ended, waiting, party] = [1, 2, 3, 4, 5].map(() => freshJobId()) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const running = { status: 'running' as const, runCount: 1 };
    await jobs.createJob(jobRecord({ jobId: missing, ...running }), []);
    await jobs.createJob(jobRecord({ jobId: resumed, ...running }), []);
    await jobs.createJob(jobRecord({ jobId: ended, ...running }), []);
    await jobs.createJob(jobRecord({ jobId: waiting }), []);
    await jobs.createJob(jobRecord({ jobId: party, ...running, role: 'host', partyId: HOST, isInitiator: false }), []);
    const before = new RecordingSteps(plan(resumed, 1, [['a']]), { a: [holds] });
    const first = new LocalOrchestrator({ steps: before, store: own.store, retryIntervalMs: 0 });
    await first.startExecution(resumed, 1);
    await waitFor(() => before.held.has('a'), TURNS);
    await first.close();
    await own.store.createExecution({
      jobId: ended,
      run: 1,
      name: ended,
      status: 'RUNNING',
      input: { jobId: ended },
      startTime: 1,
    });
    await own.store.endExecution(ended, 1, 'FAILED', 2);

    // Every plan is loaded once the test opens the gate: until then both executions are RUNNING.
    const gate = Promise.withResolvers<void>();
    const loaded: string[] = [];
    const steps: StepHandlers = {
      loadPlan: async ({ jobId }) => {
        await gate.promise;
        loaded.push(jobId);
        return { jobId, taskParallelism: 1, stages: [] };
      },
      runComponent: async () => undefined,
      finishJob: async () => undefined,
      failJob: async () => undefined,
    };
    const second = new LocalOrchestrator({ steps, store: own.store, retryIntervalMs: 0 });
    orchestrators.push(second);
    const outcome = await resumeWorkflows({ jobs, site: { partyId: GUEST } }, second, own.store);

    expect(outcome).toEqual({ resumed: [resumed], started: [missing] });
    expect((await own.store.getExecution(missing, 1))?.status).toBe('RUNNING');
    for (const jobId of [waiting, party]) expect(await own.store.getExecution(jobId, 1)).toBeUndefined();
    expect((await own.store.getExecution(ended, 1))?.status).toBe('FAILED');
    gate.resolve();
    await expect(second.executionResult(missing)).resolves.toBe('succeeded');
    await expect(second.executionResult(resumed)).resolves.toBe('succeeded');
    expect(loaded.sort()).toEqual([missing, resumed].sort());
  });
});
