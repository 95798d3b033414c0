import type { Orchestrator, TaskTokens } from '../../../functions/domain/ports/orchestrator.js';
import type { BackgroundWork } from '../../../functions/services/background-work.js';
import type { LoadPlanOutput, StepHandlers } from '../../../functions/steps/step-contract.js';

export interface FakeExecution {
  readonly jobId: string;
  readonly run: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  /** The stop's cause, or the failure's `error: cause`. */
  cause?: string;
}

export type Settlement =
  | { readonly token: string; readonly outcome: 'succeed'; readonly output: Readonly<Record<string, unknown>> }
  | { readonly token: string; readonly outcome: 'fail'; readonly error: string; readonly cause: string };

interface Wait {
  readonly execution: FakeExecution;
  readonly component: string;
  readonly stage: StageRun;
}

interface StageRun {
  readonly index: number;
  readonly queue: string[];
  running: number;
}

/**
 * `statemachines/job.asl.json` walked in memory over the site's step handlers: LoadPlan; each
 * stage in turn, its components started up to task_parallelism at once, each RunComponent waiting
 * for its token; FinishJob after the last stage; any failure (a failed token, a step that throws)
 * to FailJob, as the ASL's Catch does. Stopping an execution abandons its waits (StopExecution).
 * Every stretch of work between two token waits is tracked in the site's BackgroundWork, so a
 * test's `settle()` waits for the workflow too.
 */
export class FakeWorkflow implements Orchestrator, TaskTokens {
  readonly executions: FakeExecution[] = [];
  readonly settlements: Settlement[] = [];
  /** What FailJob logged. */
  readonly failureLog: string[] = [];
  private readonly waits = new Map<string, Wait>();
  private readonly plans = new Map<FakeExecution, LoadPlanOutput>();
  private tokens = 0;

  constructor(
    private readonly steps: () => StepHandlers,
    private readonly background: BackgroundWork,
  ) {}

  async startExecution(jobId: string, run: number): Promise<void> {
    if (this.executions.some((e) => e.jobId === jobId && e.run === run)) return;
    const execution: FakeExecution = { jobId, run, status: 'RUNNING' };
    this.executions.push(execution);
    this.background.track(
      this.guarded(execution, async () => {
        const plan = await this.steps().loadPlan({ jobId });
        this.plans.set(execution, plan);
        await this.startStage(execution, 0);
      }),
    );
  }

  async stopExecution(jobId: string, run: number, cause: string): Promise<void> {
    const execution = this.executions.find((e) => e.jobId === jobId && e.run === run);
    if (execution?.status !== 'RUNNING') return;
    execution.status = 'ABORTED';
    execution.cause = cause;
  }

  async succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    this.settlements.push({ token, outcome: 'succeed', output });
    const wait = this.takeWait(token);
    if (wait === undefined) return;
    this.background.track(
      this.guarded(wait.execution, async () => {
        wait.stage.running -= 1;
        await this.next(wait.execution, wait.stage);
      }),
    );
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    this.settlements.push({ token, outcome: 'fail', error, cause });
    const wait = this.takeWait(token);
    if (wait === undefined) return;
    this.background.track(this.failJob(wait.execution, error, cause));
  }

  /** The tokens a component's RunComponent waits for now (one per execution that runs it). */
  waitingTokens(component?: string): string[] {
    return [...this.waits.entries()]
      .filter(([, w]) => component === undefined || w.component === component)
      .map(([t]) => t);
  }

  /** `<component> <outcome>` of each settled token, in order (fail with its error name). */
  outcomes(): string[] {
    return this.settlements.map((s) => {
      const component = s.token.split(':')[2];
      return s.outcome === 'succeed' ? `${component} success` : `${component} ${s.error}`;
    });
  }

  private takeWait(token: string): Wait | undefined {
    const wait = this.waits.get(token);
    if (wait === undefined || wait.execution.status !== 'RUNNING') return undefined;
    this.waits.delete(token);
    return wait;
  }

  private async startStage(execution: FakeExecution, index: number): Promise<void> {
    const plan = this.plans.get(execution);
    if (plan === undefined || execution.status !== 'RUNNING') return;
    const stage = plan.stages[index];
    if (stage === undefined) {
      await this.steps().finishJob({ jobId: execution.jobId });
      execution.status = 'SUCCEEDED';
      return;
    }
    await this.next(execution, { index, queue: [...stage.components], running: 0 });
  }

  /** Starts the stage's next components up to the parallelism, or the next stage once all are done. */
  private async next(execution: FakeExecution, stage: StageRun): Promise<void> {
    const plan = this.plans.get(execution);
    if (plan === undefined || execution.status !== 'RUNNING') return;
    if (stage.queue.length === 0 && stage.running === 0) {
      await this.startStage(execution, stage.index + 1);
      return;
    }
    const starting: string[] = [];
    while (stage.queue.length > 0 && stage.running < plan.taskParallelism) {
      const component = stage.queue.shift() as string;
      stage.running += 1;
      starting.push(component);
    }
    await Promise.all(
      starting.map(async (component) => {
        this.tokens += 1;
        const token = `${execution.jobId}:${execution.run}:${component}:${this.tokens}`;
        this.waits.set(token, { execution, component, stage });
        await this.steps().runComponent({ jobId: execution.jobId, component, taskToken: token });
      }),
    );
  }

  private async failJob(execution: FakeExecution, error: string, cause: string): Promise<void> {
    if (execution.status !== 'RUNNING') return;
    execution.status = 'FAILED';
    execution.cause = `${error}: ${cause}`;
    for (const [token, wait] of this.waits) if (wait.execution === execution) this.waits.delete(token);
    // FailJob logs the failure for the operator (a Lambda's log); here it is kept for the test instead.
    const log = console.error;
    console.error = (...words: unknown[]) => this.failureLog.push(words.map(String).join(' '));
    try {
      await this.steps().failJob({ jobId: execution.jobId, error, cause });
    } finally {
      console.error = log;
    }
  }

  /** A step that throws goes to FailJob with its error's name, as the ASL's Catch takes States.ALL. */
  private async guarded(execution: FakeExecution, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      await this.failJob(execution, name, error instanceof Error ? error.message : String(error));
    }
  }
}
