import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { executionName, type Orchestrator, type TaskTokens } from '../../domain/ports/orchestrator.js';
import { type JobExecutionInput, STEP_ERRORS } from '../../steps/step-contract.js';
import { SFN_LIMITS, truncateForSfn } from './sfn-limits.js';

/**
 * The execution of job `jobId` under the state machine `stateMachineArn`:
 * `arn:<partition>:states:<region>:<account>:stateMachine:<name>` →
 * `arn:<partition>:states:<region>:<account>:execution:<name>:<jobId>`.
 */
export function executionArn(stateMachineArn: string, jobId: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'stateMachine') {
    throw new Error(`not an unqualified state machine ARN: ${stateMachineArn}`);
  }
  return [...parts.slice(0, 5), 'execution', parts[6], jobId].join(':');
}

export interface StepFunctionsOrchestratorOptions {
  /** The ARN of the deployed `statemachines/job.asl.json` (unqualified: no version or alias). */
  readonly stateMachineArn: string;
}

/** Step Functions refusals that mean "already done" for the call that got them. */
const ALREADY_STARTED = new Set(['ExecutionAlreadyExists']);
const NOTHING_TO_STOP = new Set(['ExecutionDoesNotExist']);
/** The token was settled before, timed out, or its execution ended (stopped, failed). */
const TOKEN_GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

function isNamed(error: unknown, names: ReadonlySet<string>): boolean {
  return error instanceof Error && names.has(error.name);
}

/**
 * The Orchestrator and TaskTokens ports over Step Functions: one execution per job, named after
 * the job, so starting twice and settling twice are harmless.
 */
export class StepFunctionsOrchestrator implements Orchestrator, TaskTokens {
  private readonly stateMachineArn: string;

  constructor(
    private readonly client: SFNClient,
    options: StepFunctionsOrchestratorOptions,
  ) {
    executionArn(options.stateMachineArn, 'check');
    this.stateMachineArn = options.stateMachineArn;
  }

  /**
   * StartExecution named `jobId`. An execution of that name that exists already (running, or ended
   * within the last 90 days) is left as it is.
   */
  async startExecution(jobId: string, run: number): Promise<void> {
    const input: JobExecutionInput = { jobId };
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(jobId, run),
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      if (!isNamed(error, ALREADY_STARTED)) throw error;
    }
  }

  /** StopExecution with error `JobStopped` and the cause; stopping an execution that never started is a no-op. */
  async stopExecution(jobId: string, run: number, cause: string): Promise<void> {
    try {
      await this.client.send(
        new StopExecutionCommand({
          executionArn: executionArn(this.stateMachineArn, executionName(jobId, run)),
          error: STEP_ERRORS.jobStopped,
          cause: truncateForSfn(cause, SFN_LIMITS.cause),
        }),
      );
    } catch (error) {
      if (!isNamed(error, NOTHING_TO_STOP)) throw error;
    }
  }

  async succeed(token: string, output: Readonly<Record<string, unknown>>): Promise<void> {
    await ignoringGoneToken(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) })),
    );
  }

  async fail(token: string, error: string, cause: string): Promise<void> {
    await ignoringGoneToken(() =>
      this.client.send(
        new SendTaskFailureCommand({
          taskToken: token,
          error: truncateForSfn(error, SFN_LIMITS.error),
          cause: truncateForSfn(cause, SFN_LIMITS.cause),
        }),
      ),
    );
  }
}

async function ignoringGoneToken(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isNamed(error, TOKEN_GONE)) throw error;
  }
}
