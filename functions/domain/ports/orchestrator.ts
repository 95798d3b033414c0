/**
 * Runs a job's DAG: the `statemachines/job.asl.json` workflow, one execution per job (Step
 * Functions in AWS, aws-local-stepfunctions locally). The initiator starts it once every party has
 * granted resources and started the job.
 */
export interface Orchestrator {
  /**
   * Starts the job's execution for its `run`-th start (1 the first time, +1 per rerun); starting
   * one that already exists is a no-op.
   */
  startExecution(jobId: string, run: number): Promise<void>;
  /** Stops that execution, if it runs (StopExecution). */
  stopExecution(jobId: string, run: number, cause: string): Promise<void>;
}

/**
 * An execution's name: the job id for the first run, `<job id>-r<run>` for a rerun (Step
 * Functions keeps a closed execution's name for 90 days, so each run needs its own).
 */
export function executionName(jobId: string, run: number): string {
  return run <= 1 ? jobId : `${jobId}-r${run}`;
}

/**
 * Settles a `.waitForTaskToken` step: SendTaskSuccess / SendTaskFailure in AWS, the local
 * task-token service locally. Settling a token twice, or one whose execution is gone, is harmless.
 */
export interface TaskTokens {
  succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void>;
  fail(token: string, error: string, cause: string): Promise<void>;
}
