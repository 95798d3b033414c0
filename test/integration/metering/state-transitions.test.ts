import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { DynamoExecutionStore } from '../../../functions/adapters/dynamodb/execution-store.js';
import { LocalOrchestrator } from '../../../local/workflow/local-orchestrator.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { freshJobId, startExecutionStore } from '../workflow/support/execution-store.js';
import { type Attempt, fails, namedError, plan, RecordingSteps, throws } from '../workflow/support/recording-steps.js';

const orchestrators: LocalOrchestrator[] = [];
let store: DynamoExecutionStore;
let dynamo: LocalDynamo;

beforeAll(async () => {
  ({ store, dynamo } = await startExecutionStore());
});

afterAll(async () => {
  await dynamo.stop();
});

afterEach(async () => {
  await Promise.all(orchestrators.splice(0).map((orchestrator) => orchestrator.close()));
});

/** Runs the job's workflow over fake steps; returns how it ended and the transitions counted. */
async function transitionsOf(
  stages: readonly (readonly string[])[],
  attempts: Readonly<Record<string, readonly Attempt[]>> = {},
): Promise<{ outcome: string; transitions: number }> {
  const jobId = freshJobId();
  const steps = new RecordingSteps(plan(jobId, 2, stages), attempts);
  let transitions = 0;
  const orchestrator = new LocalOrchestrator({
    steps,
    store,
    retryIntervalMs: 0,
    onStateTransitions: (count) => {
      transitions += count;
    },
  });
  orchestrators.push(orchestrator);
  steps.settleThrough(orchestrator);
  await orchestrator.startExecution(jobId);
  const outcome = await orchestrator.executionResult(jobId);
  // The event log is read asynchronously: let it drain.
  for (let round = 0; round < 20; round += 1) await new Promise((resolve) => setImmediate(resolve));
  return { outcome, transitions };
}

describe('state transitions of statemachines/job.asl.json as Step Functions bills them', () => {
  it('are LoadPlan, Stages, a Components Map per stage, a RunComponent per component, FinishJob and JobSucceeded', async () => {
    const stages = [['reader_0'], ['transform_0', 'transform_1'], ['psi_0'], ['lr_0'], ['eval_0']];
    const components = stages.flat().length;
    await expect(transitionsOf(stages)).resolves.toEqual({
      outcome: 'succeeded',
      transitions: 1 + 1 + stages.length + components + 1 + 1,
    });
  });

  it('count a retried RunComponent once more', async () => {
    const retried = { lr_0: [throws(namedError('TransientError', 'a blip')), { kind: 'succeed' } as const] };
    await expect(transitionsOf([['reader_0'], ['lr_0']], retried)).resolves.toEqual({
      outcome: 'succeeded',
      transitions: 1 + 1 + 2 + 2 + 1 + 1 + 1,
    });
  });

  it('end with FailJob and JobFailed when a component fails for good, and no later stage is entered', async () => {
    const failed = { reader_0: [fails('TaskFailed', 'the component failed')] };
    await expect(transitionsOf([['reader_0'], ['lr_0']], failed)).resolves.toEqual({
      outcome: 'failed',
      transitions: 1 + 1 + 1 + 1 + 1 + 1,
    });
  });
});
