import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { DynamoExecutionStore } from '../../../functions/adapters/dynamodb/execution-store.js';
import { LocalOrchestrator } from '../../../local/workflow/local-orchestrator.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { freshJobId, startExecutionStore } from './support/execution-store.js';
import {
  fails,
  holds,
  namedError,
  plan,
  RecordingSteps,
  refuses,
  settleDown,
  succeeds,
  throws,
  waitFor,
} from './support/recording-steps.js';

let jobId: string;
let store: DynamoExecutionStore;
let dynamo: LocalDynamo;

beforeAll(async () => {
  ({ store, dynamo } = await startExecutionStore());
});

afterAll(async () => {
  await dynamo.stop();
});

beforeEach(() => {
  jobId = freshJobId();
});

const orchestrators: LocalOrchestrator[] = [];

/** An orchestrator over the steps, with retries at once (the ASL's backoff would take seconds). */
function orchestratorFor(steps: RecordingSteps): LocalOrchestrator {
  const orchestrator = new LocalOrchestrator({ steps, store, retryIntervalMs: 0 });
  steps.settleThrough(orchestrator);
  orchestrators.push(orchestrator);
  return orchestrator;
}

async function run(steps: RecordingSteps): Promise<string> {
  const orchestrator = orchestratorFor(steps);
  await orchestrator.startExecution(jobId);
  return orchestrator.executionResult(jobId);
}

afterEach(async () => {
  await Promise.all(orchestrators.splice(0).map((orchestrator) => orchestrator.close()));
});

describe('LocalOrchestrator running statemachines/job.asl.json', () => {
  it('loads the plan, runs a five-stage DAG stage by stage and finishes the job once', async () => {
    const stages = [
      ['reader_0'],
      ['data_transform_0', 'data_transform_1'],
      ['intersection_0'],
      ['hetero_lr_0'],
      ['evaluation_0'],
    ];
    const steps = new RecordingSteps(plan(jobId, 2, stages));

    await expect(run(steps)).resolves.toBe('succeeded');

    expect(steps.loadPlanInputs).toEqual([{ jobId }]);
    expect(steps.started().sort()).toEqual(stages.flat().sort());
    for (let stage = 1; stage < stages.length; stage += 1) {
      const firstStart = Math.min(
        ...(stages[stage] ?? []).map((component) => steps.events.indexOf(`start ${component}`)),
      );
      const lastSettle = Math.max(
        ...(stages[stage - 1] ?? []).map((component) => steps.events.indexOf(`settle ${component}`)),
      );
      expect(firstStart).toBeGreaterThan(lastSettle);
    }
    expect(steps.events.slice(0, 1)).toEqual(['loadPlan']);
    expect(steps.events.slice(-1)).toEqual(['finish']);
    expect(steps.finishInputs).toEqual([{ jobId }]);
    expect(steps.failInputs).toEqual([]);
  });

  it('starts each component once with the job id, the component and a fresh unguessable token', async () => {
    const steps = new RecordingSteps(plan(jobId, 2, [['a'], ['b', 'c']]));

    await expect(run(steps)).resolves.toBe('succeeded');

    expect(steps.runInputs.map(({ jobId: job, component }) => ({ jobId: job, component }))).toEqual([
      { jobId, component: 'a' },
      { jobId, component: 'b' },
      { jobId, component: 'c' },
    ]);
    const tokens = steps.runInputs.map((input) => input.taskToken);
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('holds at most task_parallelism components of a stage in flight', async () => {
    /** Every component holds until released one by one; the most that were in flight at once. */
    async function inFlightAtMost(parallelism: number): Promise<number> {
      jobId = freshJobId();
      const steps = new RecordingSteps(plan(jobId, parallelism, [['a', 'b', 'c']]), {
        a: [holds],
        b: [holds],
        c: [holds],
      });
      const orchestrator = orchestratorFor(steps);
      await orchestrator.startExecution(jobId);
      for (let released = 0; released < 3; released += 1) {
        await waitFor(() => steps.held.size === Math.min(parallelism, 3 - released), 20_000);
        await settleDown();
        const [next] = steps.held.keys();
        if (next !== undefined) await steps.release(next);
      }
      await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
      return steps.maxInFlight;
    }

    expect(await inFlightAtMost(2)).toBe(2);
    expect(await inFlightAtMost(3)).toBe(3);

    jobId = freshJobId();
    const one = new RecordingSteps(plan(jobId, 1, [['a', 'b', 'c']]));
    await expect(run(one)).resolves.toBe('succeeded');
    expect(one.maxInFlight).toBe(1);
    expect(one.events).toEqual([
      'loadPlan',
      'start a',
      'settle a',
      'start b',
      'settle b',
      'start c',
      'settle c',
      'finish',
    ]);
  });

  it('fails the job with the error and cause a component failed with, and starts nothing after it', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a'], ['b', 'c', 'x'], ['d']]), {
      b: [fails('ComponentFailed', 'reason')],
    });

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.events).toEqual(['loadPlan', 'start a', 'settle a', 'start b', 'settle b', 'fail']);
    expect(steps.failInputs).toEqual([{ jobId, error: 'ComponentFailed', cause: 'reason' }]);
    expect(steps.finishInputs).toEqual([]);
    await settleDown();
    expect(steps.started()).toEqual(['a', 'b']);
  });

  it('fails the job when a component fails its own token before its start returns', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a', 'b'], ['c']]), {
      a: [refuses('ComponentFailed', 'a could not start everywhere: 10000 refused')],
    });

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.events).toEqual(['loadPlan', 'start a', 'settle a', 'fail']);
    expect(steps.failInputs).toEqual([
      { jobId, error: 'ComponentFailed', cause: 'a could not start everywhere: 10000 refused' },
    ]);
    await settleDown();
    expect(steps.started()).toEqual(['a']);
  });

  it('fails the job when one of parallel components fails while the others still run, and starts no later stage', async () => {
    const steps = new RecordingSteps(plan(jobId, 3, [['b', 'c', 'x'], ['d']]), {
      b: [fails('ComponentFailed', 'b failed at guest 9999')],
      c: [holds],
      x: [holds],
    });
    const orchestrator = orchestratorFor(steps);
    await orchestrator.startExecution(jobId);

    await expect(orchestrator.executionResult(jobId)).resolves.toBe('failed');

    expect(steps.failInputs).toEqual([{ jobId, error: 'ComponentFailed', cause: 'b failed at guest 9999' }]);
    await steps.release('c');
    await settleDown();
    expect(steps.started()).toEqual(['b', 'c', 'x']);
    expect(steps.events.filter((event) => event === 'fail' || event === 'finish')).toEqual(['fail']);
  });

  it('stops the execution: it ends aborted, and nothing else runs, not even FailJob', async () => {
    const steps = new RecordingSteps(plan(jobId, 2, [['a', 'b', 'c'], ['d']]), { a: [holds], b: [holds] });
    const orchestrator = orchestratorFor(steps);
    await orchestrator.startExecution(jobId);
    await waitFor(() => steps.held.size === 2);

    await orchestrator.stopExecution(jobId, 1, 'canceled by the user');

    await expect(orchestrator.executionResult(jobId)).resolves.toBe('aborted');
    await steps.release('a');
    await settleDown();
    expect(steps.events).toEqual(['loadPlan', 'start a', 'start b', 'settle a']);
    await expect(orchestrator.stopExecution(jobId, 1, 'again')).resolves.toBeUndefined();
  });

  it('fails the job when loading the plan throws, with the exception as Lambda reports it', async () => {
    const steps = new RecordingSteps(new Error('job 202611271544180123450 not found'));

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.events).toEqual(['loadPlan', 'fail']);
    expect(steps.failInputs).toEqual([
      {
        jobId,
        error: 'Error',
        cause: '{"errorType":"Error","errorMessage":"job 202611271544180123450 not found"}',
      },
    ]);
  });

  it('retries a step that throws TransientError, and fails the job when the retries run out', async () => {
    const steps = new RecordingSteps(namedError('TransientError', 'party 10000 unreachable'));

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.loadPlanInputs).toHaveLength(6);
    expect(steps.failInputs).toEqual([
      {
        jobId,
        error: 'TransientError',
        cause: '{"errorType":"TransientError","errorMessage":"party 10000 unreachable"}',
      },
    ]);
  });

  it('retries a component whose start throws TransientError with a fresh token', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), {
      a: [throws(namedError('TransientError', 'party 10000 unreachable')), succeeds],
    });

    await expect(run(steps)).resolves.toBe('succeeded');

    expect(steps.events).toEqual(['loadPlan', 'start a', 'start a', 'settle a', 'start b', 'settle b', 'finish']);
    const [first, second] = steps.runInputs;
    expect(first?.taskToken).not.toBe(second?.taskToken);
  });

  it('retries a component whose token failed with TransientError five times, then fails the job and starts no other', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a', 'b'], ['c']]), {
      a: [fails('TransientError', 'party 10000 unreachable')],
    });

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.failInputs).toEqual([{ jobId, error: 'TransientError', cause: 'party 10000 unreachable' }]);
    await settleDown();
    expect(steps.started()).toEqual(['a', 'a', 'a', 'a', 'a', 'a']);
  });

  it('does not retry a component that failed for good, nor one whose start threw another error', async () => {
    const failed = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), {
      a: [fails('ComponentFailed', 'no retries left')],
    });
    await expect(run(failed)).resolves.toBe('failed');
    expect(failed.started()).toEqual(['a']);

    jobId = freshJobId();
    const refused = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), {
      a: [throws(namedError('PermissionError', 'party 10000 refuses role host'))],
    });
    await expect(run(refused)).resolves.toBe('failed');
    expect(refused.started()).toEqual(['a']);
    expect(refused.failInputs).toEqual([
      {
        jobId,
        error: 'PermissionError',
        cause: '{"errorType":"PermissionError","errorMessage":"party 10000 refuses role host"}',
      },
    ]);
  });

  it('fails the job when finishing it throws', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a']]), {}, { finish: namedError('AppError', 'store down') });

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.events).toEqual(['loadPlan', 'start a', 'settle a', 'finish', 'fail']);
    expect(steps.failInputs).toEqual([
      { jobId, error: 'AppError', cause: '{"errorType":"AppError","errorMessage":"store down"}' },
    ]);
  });

  it('logs a FailJob that throws and ends the execution failed, without an unhandled rejection', async () => {
    const logged: unknown[][] = [];
    const steps = new RecordingSteps(
      plan(jobId, 1, [['a']]),
      { a: [fails('ComponentFailed', 'reason')] },
      {
        fail: new Error('store down'),
      },
    );
    const orchestrator = new LocalOrchestrator({
      steps,
      store,
      retryIntervalMs: 0,
      logger: { error: (...args: unknown[]) => logged.push(args), info: () => undefined },
    });
    steps.settleThrough(orchestrator);
    await orchestrator.startExecution(jobId);

    await expect(orchestrator.executionResult(jobId)).resolves.toBe('failed');

    expect(steps.failInputs).toEqual([{ jobId, error: 'ComponentFailed', cause: 'reason' }]);
    expect(logged).toEqual([
      [
        'FailJob step failed',
        {
          input: JSON.stringify({
            FunctionName: 'fate-flow-local-fail-job',
            Payload: { jobId, error: 'ComponentFailed', cause: 'reason' },
          }),
          error: 'Error',
          cause: '{"errorType":"Error","errorMessage":"store down"}',
        },
      ],
    ]);
  });

  it("cuts a component failure's error and cause to Step Functions' limits", async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a']]), { a: [fails('E'.repeat(300), 'c'.repeat(40_000))] });

    await expect(run(steps)).resolves.toBe('failed');

    expect(steps.failInputs).toEqual([{ jobId, error: 'E'.repeat(256), cause: 'c'.repeat(32_768) }]);
  });
});

describe('LocalOrchestrator as Orchestrator and TaskTokens', () => {
  it('starts a job once, however often it is asked to', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a']]));
    const orchestrator = orchestratorFor(steps);

    await Promise.all([orchestrator.startExecution(jobId), orchestrator.startExecution(jobId)]);
    await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
    await orchestrator.startExecution(jobId);
    await settleDown();

    expect(steps.events).toEqual(['loadPlan', 'start a', 'settle a', 'finish']);
  });

  it('ignores settling an unknown token or one settled already', async () => {
    const steps = new RecordingSteps(plan(jobId, 1, [['a'], ['b']]), { a: [holds] });
    const orchestrator = orchestratorFor(steps);
    await orchestrator.startExecution(jobId);
    await waitFor(() => steps.held.has('a'));
    const token = steps.held.get('a') ?? '';

    await expect(orchestrator.succeed('not-a-token', {})).resolves.toBeUndefined();
    await expect(orchestrator.fail('not-a-token', 'ComponentFailed', 'reason')).resolves.toBeUndefined();
    await steps.release('a');
    await expect(orchestrator.fail(token, 'ComponentFailed', 'late')).resolves.toBeUndefined();
    await expect(orchestrator.succeed(token, {})).resolves.toBeUndefined();

    await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
    expect(steps.events).toEqual(['loadPlan', 'start a', 'settle a', 'start b', 'settle b', 'finish']);
  });

  it('ignores stopping a job it never started, and has no result for it', async () => {
    const orchestrator = orchestratorFor(new RecordingSteps(plan(jobId, 1, [['a']])));

    await expect(orchestrator.stopExecution(jobId, 1, 'canceled')).resolves.toBeUndefined();
    await expect(orchestrator.executionResult(jobId)).rejects.toThrow(`no execution for job ${jobId}`);
  });

  it("lets a component run far longer than the interpreter's default 60 s task timeout", async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const steps = new RecordingSteps(plan(jobId, 1, [['hetero_lr_0'], ['evaluation_0']]), { hetero_lr_0: [holds] });
      const orchestrator = orchestratorFor(steps);
      await orchestrator.startExecution(jobId);
      await waitFor(() => steps.held.has('hetero_lr_0'));
      let outcome = 'running';
      void orchestrator.executionResult(jobId).then((result) => {
        outcome = result;
      });

      await jest.advanceTimersByTimeAsync(3 * 24 * 3600 * 1000);
      await settleDown();
      expect(outcome).toBe('running');
      expect(steps.failInputs).toEqual([]);

      await steps.release('hetero_lr_0');
      await expect(orchestrator.executionResult(jobId)).resolves.toBe('succeeded');
      expect(steps.started()).toEqual(['hetero_lr_0', 'evaluation_0']);
    } finally {
      jest.useRealTimers();
    }
  });
});
