/**
 * The Orchestrator and TaskTokens ports on this machine: `statemachines/job.asl.json` — the same
 * file Step Functions runs — executed by aws-local-stepfunctions, its four Task states overridden
 * by the step handlers, and an in-memory task-token service standing in for `.waitForTaskToken`.
 *
 * How it matches Step Functions:
 * - A step handler's exception is a Lambda function error: ASL error = the exception's `name`,
 *   cause = `{"errorType","errorMessage"}` as JSON. `fail(token, error, cause)` fails the task with
 *   exactly that error and cause. So a Catch's `$.failure.Error` / `$.failure.Cause` (FailJob's
 *   `error` / `cause`) are what AWS would give.
 * - RunComponent waits for its token as long as needed (AWS: no TimeoutSeconds, up to the
 *   execution's year); the interpreter's default 60 s task timeout is replaced by the longest timer
 *   Node keeps (about 24.8 days).
 * - Once a component has failed for good (no Retry left), the job fails or the job is stopped, no
 *   further component starts. The interpreter would otherwise start Map iterations still queued
 *   behind the failed one (p-limit keeps draining its queue), including the next stage's.
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { ExecutionAbortedError, type RunOptions, StateMachine } from 'aws-local-stepfunctions';
import { z } from 'zod';
import { SFN_LIMITS, truncateForSfn } from '../../functions/adapters/workflow/step-functions-orchestrator.js';
import { executionName, type Orchestrator, type TaskTokens } from '../../functions/domain/ports/orchestrator.js';
import { STEP_ERRORS, type StepHandlers } from '../../functions/steps/step-contract.js';
import { findState, JOB_TASK_STATES, loadLocalJobDefinition } from './local-job-definition.js';
import { countTransitions } from './state-transitions.js';

type Overrides = NonNullable<RunOptions['overrides']>;
type LocalHandlers = NonNullable<Overrides['taskResourceLocalHandlers']>;
type JsonValue = Parameters<LocalHandlers[string]>[0];

export type ExecutionOutcome = 'succeeded' | 'failed' | 'aborted';

/** What `$$.Task.Token` reads in the interpreter; the RunComponent override puts a real token in its place. */
const CONTEXT_TOKEN_PLACEHOLDER = 'replaced-by-the-local-task-token-service';

export interface LocalOrchestratorOptions {
  readonly steps: StepHandlers;
  /** @default statemachines/job.asl.json of this repository */
  readonly definitionPath?: string;
  /** Milliseconds between retries of every Task, instead of the ASL's backoff (tests use 0). */
  readonly retryIntervalMs?: number;
  /** @default new Logger({ serviceName: 'fate-flow-workflow' }) */
  readonly logger?: Pick<Logger, 'error' | 'info'>;
  /**
   * Told of every state transition as Step Functions bills them (local/metering): each state
   * entered, inner Map iterations' states included, and each retry of a state.
   */
  readonly onStateTransitions?: (count: number) => void;
}

/**
 * A Task failure as the interpreter reads it: `name` is the ASL error that Retry/Catch match,
 * `message` the cause (a Catch's `ResultPath` gets `{ Error: name, Cause: message }`).
 */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** A step handler's exception as Lambda reports a function error to Step Functions. */
function lambdaFailure(error: unknown): TaskFailure {
  const errorType = error instanceof Error && error.name !== '' ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  return new TaskFailure(
    truncateForSfn(errorType, SFN_LIMITS.error),
    truncateForSfn(JSON.stringify({ errorType, errorMessage }), SFN_LIMITS.cause),
  );
}

/** A value as it comes back from a JSON round trip (a Lambda payload, a SendTaskSuccess output). */
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

const invokeOf = <T extends z.ZodType>(payload: T) => z.object({ Payload: payload });
const jobInvoke = invokeOf(z.object({ jobId: z.string() }));
const componentInvoke = invokeOf(z.object({ jobId: z.string(), component: z.string() }));
const failInvoke = invokeOf(z.object({ jobId: z.string(), error: z.string(), cause: z.string() }));

interface RetryRule {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}

interface WaitingToken {
  readonly execution: LocalExecution;
  readonly component: string;
  readonly resolve: (output: JsonValue) => void;
  readonly reject: (failure: TaskFailure) => void;
}

class LocalExecution {
  abort: () => void = () => {};
  running = true;
  stopped = false;
  /** No component may start any more: one failed for good, the job fails or was stopped, or the run ended. */
  halted = false;
  /** The tokens its RunComponent tasks wait for. */
  readonly tokens = new Set<string>();
  /** Per component, how often each RunComponent retrier has retried (as the interpreter counts). */
  readonly retries = new Map<string, number[]>();
  readonly outcome: PromiseWithResolvers<ExecutionOutcome> = Promise.withResolvers();

  constructor(readonly jobId: string) {}
}

export class LocalOrchestrator implements Orchestrator, TaskTokens {
  private readonly steps: StepHandlers;
  private readonly machine: StateMachine;
  private readonly runComponentRetry: readonly RetryRule[];
  private readonly retryIntervalMs: number | undefined;
  private readonly onStateTransitions: ((count: number) => void) | undefined;
  private readonly logger: Pick<Logger, 'error' | 'info'>;
  private readonly executions = new Map<string, LocalExecution>();
  /** Each job's latest execution (a rerun's replaces the ended one): what the step overrides act for. */
  private readonly latest = new Map<string, LocalExecution>();
  /** Step handlers running now (an aborted execution does not wait for them; close() does). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly tokens = new Map<string, WaitingToken>();

  constructor(options: LocalOrchestratorOptions) {
    this.steps = options.steps;
    const definition = loadLocalJobDefinition(options.definitionPath);
    const runComponent = findState(definition.States, 'RunComponent');
    this.runComponentRetry = runComponent?.Type === 'Task' ? (runComponent.Retry ?? []) : [];
    // The interpreter validates (and annotates) the definition here, once.
    this.machine = new StateMachine(definition);
    this.retryIntervalMs = options.retryIntervalMs;
    this.onStateTransitions = options.onStateTransitions;
    this.logger = options.logger ?? new Logger({ serviceName: 'fate-flow-workflow' });
  }

  /** Starts the job's execution for this run; each run name starts once (as execution names in AWS). */
  async startExecution(jobId: string, run = 1): Promise<void> {
    const name = executionName(jobId, run);
    if (this.executions.has(name)) return;
    const execution = new LocalExecution(jobId);
    this.executions.set(name, execution);
    this.latest.set(jobId, execution);
    const interval = this.retryIntervalMs;
    const retryIntervalOverrides =
      interval === undefined ? undefined : Object.fromEntries(JOB_TASK_STATES.map((state) => [state, interval]));
    const started = this.machine.run(
      { jobId },
      {
        overrides: {
          taskResourceLocalHandlers: this.overrides(),
          ...(retryIntervalOverrides && { retryIntervalOverrides }),
        },
        context: { Task: { Token: CONTEXT_TOKEN_PLACEHOLDER } },
      },
    );
    execution.abort = started.abort;
    const count = this.onStateTransitions;
    if (count !== undefined) void countTransitions(started.eventLogs, count);
    started.result.then(
      () => this.finish(execution, 'succeeded'),
      (error: unknown) => {
        const aborted = execution.stopped || error instanceof ExecutionAbortedError;
        if (!aborted) {
          const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
          this.logger.info('job execution failed', {
            jobId,
            error: failure instanceof Error ? failure.name : String(failure),
            cause: failure instanceof Error ? failure.message : '',
          });
        }
        this.finish(execution, aborted ? 'aborted' : 'failed');
      },
    );
  }

  /** Aborts the job's execution: nothing else runs, its waiting tokens fail with JobStopped. */
  async stopExecution(jobId: string, run: number, cause: string): Promise<void> {
    const execution = this.executions.get(executionName(jobId, run));
    if (execution === undefined || !execution.running) return;
    execution.stopped = true;
    execution.halted = true;
    execution.abort();
    this.rejectTokens(execution, new TaskFailure(STEP_ERRORS.jobStopped, truncateForSfn(cause, SFN_LIMITS.cause)));
    await execution.outcome.promise;
  }

  /** How the job's execution ended (waits for it). */
  async executionResult(jobId: string, run = 1): Promise<ExecutionOutcome> {
    const execution = this.executions.get(executionName(jobId, run));
    if (execution === undefined) throw new Error(`no execution for job ${jobId}`);
    return execution.outcome.promise;
  }

  /** Stops every execution still running (shutting the local runtime down). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.executions.entries()].map(async ([name, execution]) => {
        const run = name === execution.jobId ? 1 : Number(name.slice(name.lastIndexOf('-r') + 2));
        await this.stopExecution(execution.jobId, run, 'orchestrator closed');
      }),
    );
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    const waiting = this.take(token);
    waiting?.resolve(toJson(output));
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    const waiting = this.take(token);
    if (waiting === undefined) return;
    waiting.reject(new TaskFailure(truncateForSfn(error, SFN_LIMITS.error), truncateForSfn(cause, SFN_LIMITS.cause)));
  }

  private overrides(): LocalHandlers {
    return {
      LoadPlan: (input) =>
        this.invoke('LoadPlan', input, async () => this.steps.loadPlan(jobInvoke.parse(input).Payload)),
      RunComponent: (input) => this.runComponent(input),
      FinishJob: (input) =>
        this.invoke('FinishJob', input, async () => this.steps.finishJob(jobInvoke.parse(input).Payload)),
      FailJob: (input) =>
        this.invoke('FailJob', input, async () => {
          const payload = failInvoke.parse(input).Payload;
          const execution = this.latest.get(payload.jobId);
          if (execution !== undefined) execution.halted = true;
          return this.steps.failJob(payload);
        }),
    };
  }

  /** A `lambda:invoke` Task: the handler's result as `{ Payload }`, its exception as a function error. */
  private async invoke(state: string, input: JsonValue, handler: () => Promise<unknown>): Promise<JsonValue> {
    // Tracked, so close() can wait for a step still running when its execution is aborted.
    const running = handler();
    this.inFlight.add(running);
    void running.catch(() => undefined).finally(() => this.inFlight.delete(running));
    try {
      return { Payload: toJson(await running) };
    } catch (error) {
      const failure = lambdaFailure(error);
      this.logger.error(`${state} step failed`, {
        input: JSON.stringify(input),
        error: failure.name,
        cause: failure.message,
      });
      throw failure;
    }
  }

  /**
   * The `.waitForTaskToken` Task: a fresh token, the handler started with it, then the promise that
   * `succeed`/`fail` settle. The interpreter's `$$.Task.Token` is a placeholder, replaced here.
   */
  private async runComponent(input: JsonValue): Promise<JsonValue> {
    const { jobId, component } = componentInvoke.parse(input).Payload;
    const execution = this.latest.get(jobId);
    if (execution === undefined || execution.halted) {
      throw new TaskFailure(STEP_ERRORS.jobStopped, `the execution of job ${jobId} starts no more components`);
    }
    const token = randomBytes(32).toString('base64url');
    const settled = new Promise<JsonValue>((resolve, reject) => {
      this.tokens.set(token, { execution, component, resolve, reject });
    });
    // Settled (say, stopped) while the handler still runs and then thrown away: not an unhandled rejection.
    settled.catch(() => {});
    execution.tokens.add(token);
    const starting = this.steps.runComponent({ jobId, component, taskToken: token });
    this.inFlight.add(starting);
    void starting.catch(() => undefined).finally(() => this.inFlight.delete(starting));
    try {
      await starting;
    } catch (error) {
      this.take(token);
      const failure = lambdaFailure(error);
      this.logger.error('RunComponent step failed', { jobId, component, error: failure.name, cause: failure.message });
      throw this.componentFailed(execution, component, failure);
    }
    try {
      return await settled;
    } catch (error) {
      throw this.componentFailed(execution, component, error);
    }
  }

  /**
   * Called as the interpreter is about to see the component's failure: when its Retry will not rerun
   * the component, the execution halts before the interpreter can start anything else.
   */
  private componentFailed(execution: LocalExecution, component: string, failure: unknown): unknown {
    const error = failure instanceof Error ? failure.name : 'Error';
    if (!this.willRetry(execution, component, error)) execution.halted = true;
    return failure;
  }

  /** The interpreter's Retry decision: the first retrier naming the error decides, until its MaxAttempts. */
  private willRetry(execution: LocalExecution, component: string, error: string): boolean {
    const counts = execution.retries.get(component) ?? this.runComponentRetry.map(() => 0);
    execution.retries.set(component, counts);
    for (const [index, retrier] of this.runComponentRetry.entries()) {
      const matches = retrier.ErrorEquals.some(
        (name) =>
          name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== 'States.Timeout'),
      );
      if (!matches) continue;
      const attempts = counts[index] ?? 0;
      if (attempts >= (retrier.MaxAttempts ?? 3)) return false;
      counts[index] = attempts + 1;
      return true;
    }
    return false;
  }

  private take(token: string): WaitingToken | undefined {
    const waiting = this.tokens.get(token);
    if (waiting === undefined) return undefined;
    this.tokens.delete(token);
    waiting.execution.tokens.delete(token);
    return waiting;
  }

  private rejectTokens(execution: LocalExecution, failure: TaskFailure): void {
    for (const token of [...execution.tokens]) this.take(token)?.reject(failure);
  }

  /**
   * The run is over: tasks abandoned by a failed Map (still waiting for their tokens) are released,
   * so their tokens become unknown and the interpreter's timers end.
   */
  private finish(execution: LocalExecution, outcome: ExecutionOutcome): void {
    execution.running = false;
    execution.halted = true;
    this.rejectTokens(execution, new TaskFailure(STEP_ERRORS.jobStopped, 'the execution has ended'));
    execution.outcome.resolve(outcome);
  }
}
