/**
 * The contract between `statemachines/job.asl.json` and the step handlers it invokes (as Lambda
 * functions in AWS, as overrides of the same states locally). Payloads carry ids, never data
 * (Step Functions' 256 KiB limit).
 */

/** The execution's input. */
export interface JobExecutionInput {
  readonly jobId: string;
}

/** `LoadPlan`: the job's stages as the workflow walks them. */
export interface LoadPlanOutput {
  readonly jobId: string;
  readonly taskParallelism: number;
  /** Each stage's components, in order; the workflow runs one stage at a time. */
  readonly stages: ReadonlyArray<{ readonly index: number; readonly components: readonly string[] }>;
}

/** `RunComponent` (`.waitForTaskToken`): start the component at every party; the token settles it. */
export interface RunComponentInput {
  readonly jobId: string;
  readonly component: string;
  readonly taskToken: string;
}

/** What a settled component answers (SendTaskSuccess output). */
export interface RunComponentOutput {
  readonly component: string;
  readonly status: 'success';
  readonly taskVersion: number;
}

/** `FinishJob`: every stage succeeded. */
export interface FinishJobInput {
  readonly jobId: string;
}

/** `FailJob`: the Catch path; `error`/`cause` as Step Functions gives them. */
export interface FailJobInput {
  readonly jobId: string;
  readonly error: string;
  readonly cause: string;
}

/** The error names the ASL's Retry and Catch match. */
export const STEP_ERRORS = {
  /** A component's combined status ended failed (after the job's auto_retries). */
  componentFailed: 'ComponentFailed',
  /** The job was stopped (canceled or timed out) while a component ran. */
  jobStopped: 'JobStopped',
  /** A transient fault worth retrying (a party briefly unreachable, a throttled call). */
  transient: 'TransientError',
} as const;

export interface StepHandlers {
  loadPlan(input: JobExecutionInput): Promise<LoadPlanOutput>;
  /** Returns once the component is started; the workflow then waits for the token. */
  runComponent(input: RunComponentInput): Promise<void>;
  finishJob(input: FinishJobInput): Promise<void>;
  failJob(input: FailJobInput): Promise<void>;
}
