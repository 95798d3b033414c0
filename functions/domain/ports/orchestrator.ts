/**
 * Runs a job's DAG: the `statemachines/job.asl.json` workflow, one execution per job (Step
 * Functions in AWS, aws-local-stepfunctions locally). The initiator starts it once every party has
 * granted resources and started the job.
 */
export interface Orchestrator {
  /** Starts the job's execution; starting one that already runs is a no-op. */
  startExecution(jobId: string): Promise<void>;
  /** Stops the job's execution, if it runs (StopExecution). */
  stopExecution(jobId: string, cause: string): Promise<void>;
}

/**
 * Settles a `.waitForTaskToken` step: SendTaskSuccess / SendTaskFailure in AWS, the local
 * task-token service locally. Settling a token twice, or one whose execution is gone, is harmless.
 */
export interface TaskTokens {
  succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void>;
  fail(token: string, error: string, cause: string): Promise<void>;
}
