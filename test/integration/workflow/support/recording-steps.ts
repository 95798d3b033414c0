import type { TaskTokens } from '../../../../functions/domain/ports/orchestrator.js';
import type {
  FailJobInput,
  FinishJobInput,
  JobExecutionInput,
  LoadPlanOutput,
  RunComponentInput,
  StepHandlers,
} from '../../../../functions/steps/step-contract.js';

/** What a fake component does on one attempt. */
export type Attempt =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'fail'; readonly error: string; readonly cause: string }
  /** Fails its own token before runComponent returns (a party refused to start the task). */
  | { readonly kind: 'refuse'; readonly error: string; readonly cause: string }
  | { readonly kind: 'hold' }
  | { readonly kind: 'throw'; readonly error: Error };

export const succeeds: Attempt = { kind: 'succeed' };
export const holds: Attempt = { kind: 'hold' };
export const fails = (error: string, cause: string): Attempt => ({ kind: 'fail', error, cause });
export const refuses = (error: string, cause: string): Attempt => ({ kind: 'refuse', error, cause });
export const throws = (error: Error): Attempt => ({ kind: 'throw', error });

export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function plan(jobId: string, taskParallelism: number, stages: readonly (readonly string[])[]): LoadPlanOutput {
  return { jobId, taskParallelism, stages: stages.map((components, index) => ({ index, components })) };
}

/** Lets setImmediate callbacks and promise chains run until `done()` holds (fails after `rounds`). */
export async function waitFor(done: () => boolean, rounds = 2_000): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    if (done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}

/** Lets the workflow run on for a while: anything it would still start has started by then. */
export async function settleDown(rounds = 50): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Fake step handlers that record every call in order. A component settles its token from a
 * setImmediate, as the initiator would from a later status report; per component, `attempts` says
 * what each attempt does (the last entry repeats; the default is to succeed).
 */
export class RecordingSteps implements StepHandlers {
  /** `loadPlan`, `start <component>`, `settle <component>`, `finish`, `fail` in the order they happened. */
  readonly events: string[] = [];
  readonly loadPlanInputs: JobExecutionInput[] = [];
  readonly runInputs: RunComponentInput[] = [];
  readonly finishInputs: FinishJobInput[] = [];
  readonly failInputs: FailJobInput[] = [];
  /** Tokens of components that hold, by component. */
  readonly held = new Map<string, string>();
  inFlight = 0;
  maxInFlight = 0;
  private tokens: TaskTokens | undefined;

  constructor(
    private readonly loaded: LoadPlanOutput | Error,
    private readonly attempts: Readonly<Record<string, readonly Attempt[]>> = {},
    private readonly endings: { readonly finish?: Error; readonly fail?: Error } = {},
  ) {}

  /** The task-token service the components settle through (the orchestrator under test). */
  settleThrough(tokens: TaskTokens): void {
    this.tokens = tokens;
  }

  async loadPlan(input: JobExecutionInput): Promise<LoadPlanOutput> {
    this.events.push('loadPlan');
    this.loadPlanInputs.push(input);
    if (this.loaded instanceof Error) throw this.loaded;
    return this.loaded;
  }

  async runComponent(input: RunComponentInput): Promise<void> {
    const { component, taskToken } = input;
    const attemptIndex = this.runInputs.filter((run) => run.component === component).length;
    this.runInputs.push(input);
    this.events.push(`start ${component}`);
    const script = this.attempts[component] ?? [succeeds];
    const attempt = script[Math.min(attemptIndex, script.length - 1)] ?? succeeds;
    if (attempt.kind === 'throw') throw attempt.error;
    if (attempt.kind === 'refuse') {
      this.events.push(`settle ${component}`);
      await this.tokenService().fail(taskToken, attempt.error, attempt.cause);
      return;
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (attempt.kind === 'hold') {
      this.held.set(component, taskToken);
      return;
    }
    setImmediate(() => {
      this.inFlight -= 1;
      this.events.push(`settle ${component}`);
      const tokens = this.tokenService();
      if (attempt.kind === 'succeed') void tokens.succeed(taskToken, { component, status: 'success', taskVersion: 0 });
      else void tokens.fail(taskToken, attempt.error, attempt.cause);
    });
  }

  /** Settles a holding component successfully, as a late status report would. */
  async release(component: string): Promise<void> {
    const token = this.held.get(component);
    if (token === undefined) throw new Error(`${component} does not hold`);
    this.held.delete(component);
    this.inFlight -= 1;
    this.events.push(`settle ${component}`);
    await this.tokenService().succeed(token, { component, status: 'success', taskVersion: 0 });
  }

  async finishJob(input: FinishJobInput): Promise<void> {
    this.events.push('finish');
    this.finishInputs.push(input);
    if (this.endings.finish !== undefined) throw this.endings.finish;
  }

  async failJob(input: FailJobInput): Promise<void> {
    this.events.push('fail');
    this.failInputs.push(input);
    if (this.endings.fail !== undefined) throw this.endings.fail;
  }

  /** `start <component>` events, in order. */
  started(): string[] {
    return this.events.filter((event) => event.startsWith('start ')).map((event) => event.slice('start '.length));
  }

  private tokenService(): TaskTokens {
    if (this.tokens === undefined) throw new Error('settleThrough(orchestrator) first');
    return this.tokens;
  }
}
