/**
 * The Orchestrator and TaskTokens ports on this machine: `statemachines/job.asl.json` — the same
 * file Step Functions runs — executed by aws-local-stepfunctions, its four Task states overridden
 * by the step handlers, and a task-token service standing in for `.waitForTaskToken`.
 *
 * How it matches Step Functions (Standard workflows):
 * - Executions are durable. Each is stored (ExecutionStore) before it runs, with, per component,
 *   the token its RunComponent state waits for and the retries that state has used; its end is
 *   stored too. `close()` (the site shutting down) leaves them RUNNING, and `resume()` on the next
 *   start runs every RUNNING one again from the start. That is safe because the step handlers are
 *   idempotent: a component that already succeeded settles at once, one still running at the
 *   parties gets the new token and waits for their reports, nothing starts twice. The retry counts
 *   carry over (run-component-retries.ts).
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
 * - Tokens live in memory: one settled after a restart, before the resumed execution reached its
 *   component, is unknown and ignored (as a token of an ended execution is in AWS); the resumed
 *   step finds the component's outcome in the job's tasks instead.
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { RunOptions, StateMachine, StateMachineDefinition } from 'aws-local-stepfunctions';
import * as z from 'zod';
import type {
  ExecutionEndStatus,
  ExecutionRecord,
  ExecutionStore,
} from '../../functions/domain/ports/execution-store.js';
import { executionName, type Orchestrator, type TaskTokens } from '../../functions/domain/ports/orchestrator.js';
import { STEP_ERRORS, type StepHandlers } from '../../functions/steps/step-contract.js';
import { findState, JOB_TASK_STATES, loadLocalJobDefinition } from './local-job-definition.js';
import { noRetriesUsed, type RetryRule, takeRetry } from './run-component-retries.js';
import { countTransitions } from './state-transitions.js';
import { lambdaFailure, sentFailure, TaskFailure } from './task-failure.js';

export { TaskFailure } from './task-failure.js';

type Interpreter = typeof import('aws-local-stepfunctions');
let interpreter: Promise<Interpreter> | undefined;
/** Imported when a job's workflow first runs, not with the site: most sites (and test files) never run one. */
const loadInterpreter = (): Promise<Interpreter> => {
  interpreter ??= import('aws-local-stepfunctions');
  return interpreter;
};

type Overrides = NonNullable<RunOptions['overrides']>;
type LocalHandlers = NonNullable<Overrides['taskResourceLocalHandlers']>;
type JsonValue = Parameters<LocalHandlers[string]>[0];

export type ExecutionOutcome = 'succeeded' | 'failed' | 'aborted';

const STORED_END: Readonly<Record<ExecutionOutcome, ExecutionEndStatus>> = {
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  aborted: 'ABORTED',
};

/** What `$$.Task.Token` reads in the interpreter; the RunComponent override puts a real token in its place. */
const CONTEXT_TOKEN_PLACEHOLDER = 'replaced-by-the-local-task-token-service';

export interface LocalOrchestratorOptions {
  readonly steps: StepHandlers;
  /** Where executions and what their components wait for are kept (the site's table). */
  readonly store: ExecutionStore;
  /** @default Date.now */
  readonly clock?: () => number;
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

/** A value as it comes back from a JSON round trip (a Lambda payload, a SendTaskSuccess output). */
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

const invokeOf = <T extends z.ZodType>(payload: T) => z.object({ Payload: payload });
const jobInvoke = invokeOf(z.object({ jobId: z.string() }));
const componentInvoke = invokeOf(z.object({ jobId: z.string(), component: z.string() }));
const failInvoke = invokeOf(z.object({ jobId: z.string(), error: z.string(), cause: z.string() }));

interface WaitingToken {
  readonly execution: LocalExecution;
  readonly resolve: (output: JsonValue) => void;
  readonly reject: (failure: TaskFailure) => void;
}

class LocalExecution {
  abort: () => void = () => {};
  running = true;
  /** Stopped (StopExecution) or let go by close(): nothing it does from now on is stored. */
  stopped = false;
  /** No component may start any more: one failed for good, the job fails or was stopped, or the run ended. */
  halted = false;
  /** The tokens its RunComponent tasks wait for. */
  readonly tokens = new Set<string>();
  readonly outcome: PromiseWithResolvers<ExecutionOutcome> = Promise.withResolvers();

  constructor(
    readonly record: ExecutionRecord,
    /** Per component, how often each RunComponent retrier has retried (stored ones included). */
    readonly retries: Map<string, number[]>,
  ) {}
}

export class LocalOrchestrator implements Orchestrator, TaskTokens {
  private readonly steps: StepHandlers;
  private readonly store: ExecutionStore;
  private readonly clock: () => number;
  private readonly definition: StateMachineDefinition;
  /** The interpreter with the definition, made at the first execution. */
  private machine: Promise<{ machine: StateMachine; interpreter: Interpreter }> | undefined;
  private readonly runComponentRetry: readonly RetryRule[];
  private readonly retryIntervalMs: number | undefined;
  private readonly onStateTransitions: ((count: number) => void) | undefined;
  private readonly logger: Pick<Logger, 'error' | 'info'>;
  private readonly executions = new Map<string, LocalExecution>();
  /** Each job's latest execution (a rerun's replaces the ended one): what the step overrides act for. */
  private readonly latest = new Map<string, LocalExecution>();
  /** Step handlers and store writes under way (an aborted execution does not wait for them; close() does). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly tokens = new Map<string, WaitingToken>();
  private closed = false;

  constructor(options: LocalOrchestratorOptions) {
    this.steps = options.steps;
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    const definition = loadLocalJobDefinition(options.definitionPath);
    const runComponent = findState(definition.States, 'RunComponent');
    this.runComponentRetry = runComponent?.Type === 'Task' ? (runComponent.Retry ?? []) : [];
    this.definition = definition;
    this.retryIntervalMs = options.retryIntervalMs;
    this.onStateTransitions = options.onStateTransitions;
    this.logger = options.logger ?? new Logger({ serviceName: 'fate-flow-workflow' });
  }

  /** Starts the job's execution for this run; each run name starts once (as execution names in AWS). */
  async startExecution(jobId: string, run = 1): Promise<void> {
    const number = Math.max(1, run);
    const name = executionName(jobId, number);
    if (this.executions.has(name)) return;
    const record: ExecutionRecord = {
      jobId,
      run: number,
      name,
      status: 'RUNNING',
      input: { jobId },
      startTime: this.clock(),
    };
    if ((await this.track(this.store.createExecution(record))) === 'exists') return;
    // Stored: a site shutting down runs it after its restart.
    if (this.closed || this.executions.has(name)) return;
    this.launch(record, new Map());
  }

  /**
   * Runs every stored RUNNING execution this orchestrator is not running (a restarted site's):
   * again from the start, with the retries its components had used. Returns their names.
   */
  async resume(): Promise<string[]> {
    const resumed: string[] = [];
    for (const record of await this.store.runningExecutions()) {
      if (this.closed || this.executions.has(record.name)) continue;
      const waits = await this.store.componentWaits(record.jobId, record.run);
      // Launched meanwhile (startExecution stored it during the read above): it runs once.
      if (this.closed || this.executions.has(record.name)) continue;
      this.launch(record, new Map(waits.map((wait) => [wait.component, [...wait.retries]])));
      resumed.push(record.name);
    }
    return resumed;
  }

  /** Aborts the job's execution: nothing else runs, its waiting tokens fail with JobStopped. */
  async stopExecution(jobId: string, run: number, cause: string): Promise<void> {
    const number = Math.max(1, run);
    await this.track(this.store.endExecution(jobId, number, 'ABORTED', this.clock()));
    const execution = this.executions.get(executionName(jobId, number));
    if (execution === undefined || !execution.running) return;
    this.letGo(execution, sentFailure(STEP_ERRORS.jobStopped, cause));
    await execution.outcome.promise;
  }

  /** How the job's execution ended (waits for it). */
  async executionResult(jobId: string, run = 1): Promise<ExecutionOutcome> {
    const execution = this.executions.get(executionName(jobId, Math.max(1, run)));
    if (execution === undefined) throw new Error(`no execution for job ${jobId}`);
    return execution.outcome.promise;
  }

  /**
   * The site is shutting down: every execution stops here, but stays RUNNING in the store (with
   * its components' waits) for `resume()` after the restart. Waits for the steps under way.
   */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.executions.values()].filter((execution) => execution.running);
    for (const execution of running) {
      this.letGo(execution, sentFailure(STEP_ERRORS.jobStopped, 'the site is shutting down'));
    }
    await Promise.all(running.map((execution) => execution.outcome.promise));
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    const waiting = this.take(token);
    waiting?.resolve(toJson(output));
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    const waiting = this.take(token);
    waiting?.reject(sentFailure(error, cause));
  }

  private interpreterMachine(): Promise<{ machine: StateMachine; interpreter: Interpreter }> {
    this.machine ??= loadInterpreter().then((loaded) => ({
      interpreter: loaded,
      // Not validated again here: the definition is the file we ship, which test/unit/steps/
      // job-definition.test.ts validates with asl-validator and Step Functions validates at deploy.
      // Validating compiles asl-validator's JSON schemas on every call (≈ 2 s of CPU), once per site
      // started; its only change to the definition, a default QueryLanguage, the interpreter ignores.
      machine: new loaded.StateMachine(this.definition, { validationOptions: { noValidate: true } }),
    }));
    return this.machine;
  }

  /** Runs a stored execution in the interpreter (once it is loaded: stopped meanwhile, it ends aborted). */
  private launch(record: ExecutionRecord, retries: Map<string, number[]>): void {
    const execution = new LocalExecution(record, retries);
    this.executions.set(record.name, execution);
    const current = this.latest.get(record.jobId);
    if (current === undefined || current.record.run <= record.run) this.latest.set(record.jobId, execution);
    this.interpreterMachine().then(
      ({ machine, interpreter }) => {
        if (execution.stopped) this.finish(execution, 'aborted');
        else this.run(execution, machine, interpreter);
      },
      (error: unknown) => {
        this.logger.error('the workflow interpreter did not load', { jobId: record.jobId, error });
        this.finish(execution, 'failed');
      },
    );
  }

  private run(execution: LocalExecution, machine: StateMachine, interpreter: Interpreter): void {
    const { record } = execution;
    const interval = this.retryIntervalMs;
    const retryIntervalOverrides =
      interval === undefined ? undefined : Object.fromEntries(JOB_TASK_STATES.map((state) => [state, interval]));
    const started = machine.run(record.input, {
      overrides: {
        taskResourceLocalHandlers: this.overrides(),
        ...(retryIntervalOverrides && { retryIntervalOverrides }),
      },
      context: { Task: { Token: CONTEXT_TOKEN_PLACEHOLDER } },
    });
    execution.abort = started.abort;
    const count = this.onStateTransitions;
    if (count !== undefined) void countTransitions(started.eventLogs, count);
    started.result.then(
      () => this.finish(execution, 'succeeded'),
      (error: unknown) => {
        const aborted = execution.stopped || error instanceof interpreter.ExecutionAbortedError;
        if (!aborted) {
          const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
          this.logger.info('job execution failed', {
            jobId: record.jobId,
            error: failure instanceof Error ? failure.name : String(failure),
            cause: failure instanceof Error ? failure.message : '',
          });
        }
        this.finish(execution, aborted ? 'aborted' : 'failed');
      },
    );
  }

  /** Stops an execution here: aborted in the interpreter, its waiting tokens failed with `failure`. */
  private letGo(execution: LocalExecution, failure: TaskFailure): void {
    execution.stopped = true;
    execution.halted = true;
    execution.abort();
    this.rejectTokens(execution, failure);
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

  /** Tracked, so close() can wait for a step or a store write still under way when its execution is let go. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.catch(() => undefined).finally(() => this.inFlight.delete(work));
    return work;
  }

  /** A `lambda:invoke` Task: the handler's result as `{ Payload }`, its exception as a function error. */
  private async invoke(state: string, input: JsonValue, handler: () => Promise<unknown>): Promise<JsonValue> {
    try {
      return { Payload: toJson(await this.track(handler())) };
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
   * The `.waitForTaskToken` Task: a fresh token, stored with the component's retries, the handler
   * started with it, then the promise that `succeed`/`fail` settle. The interpreter's
   * `$$.Task.Token` is a placeholder, replaced here.
   */
  private async runComponent(input: JsonValue): Promise<JsonValue> {
    const { jobId, component } = componentInvoke.parse(input).Payload;
    const execution = this.latest.get(jobId);
    if (execution === undefined || execution.halted) {
      throw new TaskFailure(STEP_ERRORS.jobStopped, `the execution of job ${jobId} starts no more components`);
    }
    const token = randomBytes(32).toString('base64url');
    const settled = new Promise<JsonValue>((resolve, reject) => {
      this.tokens.set(token, { execution, resolve, reject });
    });
    // Settled (say, stopped) while the handler still runs and then thrown away: not an unhandled rejection.
    settled.catch(() => {});
    execution.tokens.add(token);
    try {
      // The wait is stored beside the step, not before it: a resumed execution reads only its
      // retries (stored already when a retry was taken), and the token is new after a restart
      // anyway, so the write need not delay the component's start on every stage's critical path.
      await Promise.all([
        this.track(this.saveWait(execution, component, token)),
        this.track(this.steps.runComponent({ jobId, component, taskToken: token })),
      ]);
    } catch (error) {
      this.take(token);
      const failure = lambdaFailure(error);
      this.logger.error('RunComponent step failed', { jobId, component, error: failure.name, cause: failure.message });
      throw await this.componentFailed(execution, component, failure);
    }
    try {
      return await settled;
    } catch (error) {
      throw await this.componentFailed(execution, component, error);
    }
  }

  /**
   * Called as the interpreter is about to see the component's failure. A retry left is counted
   * and stored before the interpreter waits to retry; none left, the execution halts before the
   * interpreter can start anything else, and the failure is marked not retryable (a resumed
   * execution's interpreter counts its retries from zero).
   */
  private async componentFailed(execution: LocalExecution, component: string, failure: unknown): Promise<unknown> {
    if (execution.stopped || !(failure instanceof TaskFailure)) return failure;
    const counts = execution.retries.get(component) ?? noRetriesUsed(this.runComponentRetry);
    execution.retries.set(component, counts);
    if (takeRetry(this.runComponentRetry, counts, failure.name)) {
      await this.track(this.saveWait(execution, component));
    } else {
      execution.halted = true;
      failure.isRetryable = false;
    }
    return failure;
  }

  private saveWait(execution: LocalExecution, component: string, taskToken?: string): Promise<void> {
    const { jobId, run } = execution.record;
    const retries = execution.retries.get(component) ?? noRetriesUsed(this.runComponentRetry);
    return this.store.saveComponentWait({ jobId, run, component, retries, ...(taskToken && { taskToken }) });
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
   * so their tokens become unknown and the interpreter's timers end. Its end is stored, unless
   * close() let it go (it stays RUNNING for the restart) or a stop stored it already.
   */
  private finish(execution: LocalExecution, outcome: ExecutionOutcome): void {
    execution.running = false;
    execution.halted = true;
    this.rejectTokens(execution, new TaskFailure(STEP_ERRORS.jobStopped, 'the execution has ended'));
    const { jobId, run } = execution.record;
    const stored =
      this.closed && outcome === 'aborted'
        ? Promise.resolve()
        : this.track(this.store.endExecution(jobId, run, STORED_END[outcome], this.clock())).then(
            () => undefined,
            (error: unknown) => this.logger.error('the end of an execution was not stored', { jobId, run, error }),
          );
    void stored.then(() => execution.outcome.resolve(outcome));
  }
}
