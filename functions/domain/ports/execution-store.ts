/**
 * The local workflow's durable executions. Step Functions keeps its executions itself in AWS; on
 * this machine the interpreter lives in the site's process, so what a Standard execution survives
 * (the site stopping, or being killed) has to be in the site's store: each execution of
 * `statemachines/job.asl.json` and, per component it runs, the task token its RunComponent state
 * waits for and the retries that state has used. A restarted site resumes every RUNNING execution.
 */

/** Step Functions' execution statuses (a Standard execution can also time out; ours never do). */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
export type ExecutionEndStatus = Exclude<ExecutionStatus, 'RUNNING'>;

export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'];

export interface ExecutionRecord {
  readonly jobId: string;
  /** 1 for the job's first run, +1 per rerun (see `executionName`). */
  readonly run: number;
  readonly name: string;
  readonly status: ExecutionStatus;
  /** The execution's input, as StartExecution took it. */
  readonly input: { readonly jobId: string };
  readonly startTime: number;
  readonly stopTime?: number;
}

/** One component of an execution: what its RunComponent state waits for and has used up. */
export interface ComponentWait {
  readonly jobId: string;
  readonly run: number;
  readonly component: string;
  /** The token the state waits for now; absent between a failed attempt and its retry. */
  readonly taskToken?: string;
  /** Per retrier of RunComponent's `Retry`, the retries it has used (the interpreter's count). */
  readonly retries: readonly number[];
}

export interface ExecutionStore {
  /** Stores a new RUNNING execution; 'exists' (and nothing written) when its name is taken. */
  createExecution(execution: ExecutionRecord): Promise<'created' | 'exists'>;
  getExecution(jobId: string, run: number): Promise<ExecutionRecord | undefined>;
  /**
   * Ends a RUNNING execution (its component waits go with it); false, writing nothing, when it
   * had ended already: an end status is never overwritten.
   */
  endExecution(jobId: string, run: number, status: ExecutionEndStatus, stopTime: number): Promise<boolean>;
  /** Every execution still RUNNING, oldest first. */
  runningExecutions(): Promise<ExecutionRecord[]>;
  /** Stores (or replaces) a component's wait. */
  saveComponentWait(wait: ComponentWait): Promise<void>;
  /** The component waits of an execution, by component name. */
  componentWaits(jobId: string, run: number): Promise<ComponentWait[]>;
}
