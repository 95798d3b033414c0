import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  InvalidOutput,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { truncateForSfn } from '../../../functions/adapters/workflow/sfn-limits.js';
import {
  executionArn,
  StepFunctionsOrchestrator,
} from '../../../functions/adapters/workflow/step-functions-orchestrator.js';

const stateMachineArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:fate-flow-job';
const jobId = '202611271544180123450';
const metadata = { $metadata: {} };

describe('StepFunctionsOrchestrator against mocked Step Functions', () => {
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);
  const orchestrator = new StepFunctionsOrchestrator(client, { stateMachineArn });

  beforeEach(() => {
    sfn.reset();
  });

  it('starts an execution named after the job with the job id as input', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: executionArn(stateMachineArn, jobId), startDate: new Date() });
    await orchestrator.startExecution(jobId, 1);
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn, name: jobId, input: '{"jobId":"202611271544180123450"}' },
    ]);
  });

  it('names a rerun execution after the job and its run', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolves({ executionArn: executionArn(stateMachineArn, `${jobId}-r2`), startDate: new Date() });
    await orchestrator.startExecution(jobId, 2);
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name)).toEqual([`${jobId}-r2`]);
  });

  it('treats an execution of that name that exists already as started', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', ...metadata }));
    await expect(orchestrator.startExecution(jobId, 1)).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('passes on any other refusal to start', async () => {
    const refusal = new ExecutionLimitExceeded({ message: 'too many executions', ...metadata });
    sfn.on(StartExecutionCommand).rejects(refusal);
    await expect(orchestrator.startExecution(jobId, 1)).rejects.toBe(refusal);
  });

  it("stops the job's execution by the ARN built from the state machine's, with JobStopped and the cause", async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    await orchestrator.stopExecution(jobId, 1, 'canceled by the user');
    expect(sfn.commandCalls(StopExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:fate-flow-job:202611271544180123450',
        error: 'JobStopped',
        cause: 'canceled by the user',
      },
    ]);
  });

  it('treats stopping an execution that does not exist as done', async () => {
    sfn
      .on(StopExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', ...metadata }));
    await expect(orchestrator.stopExecution(jobId, 1, 'timeout')).resolves.toBeUndefined();
  });

  it('cuts a stop cause to 32768 characters', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    await orchestrator.stopExecution(jobId, 1, 'c'.repeat(40_000));
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input.cause).toBe('c'.repeat(32_768));
  });

  it('sends task success with the output as JSON', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await orchestrator.succeed('token-1', { component: 'hetero_lr_0', status: 'success', taskVersion: 1 });
    expect(sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'token-1', output: '{"component":"hetero_lr_0","status":"success","taskVersion":1}' },
    ]);
  });

  it('sends task failure with the error and the cause', async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await orchestrator.fail('token-1', 'ComponentFailed', 'hetero_lr_0 failed at guest 9999');
    expect(sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input)).toEqual([
      { taskToken: 'token-1', error: 'ComponentFailed', cause: 'hetero_lr_0 failed at guest 9999' },
    ]);
  });

  it("cuts a failure's error to 256 and its cause to 32768 characters", async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await orchestrator.fail('token-1', 'E'.repeat(300), 'c'.repeat(40_000));
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      error: 'E'.repeat(256),
      cause: 'c'.repeat(32_768),
    });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', ...metadata })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid Token', ...metadata })],
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'Task Does Not Exist', ...metadata })],
  ])('treats %s when settling a token as already settled', async (_name, refusal) => {
    sfn.on(SendTaskSuccessCommand).rejects(refusal);
    sfn.on(SendTaskFailureCommand).rejects(refusal);
    await expect(orchestrator.succeed('token-1', {})).resolves.toBeUndefined();
    await expect(orchestrator.fail('token-1', 'ComponentFailed', 'reason')).resolves.toBeUndefined();
    expect(sfn.calls()).toHaveLength(2);
  });

  it('passes on any other refusal to settle a token', async () => {
    const refusal = new InvalidOutput({ message: 'Invalid Output', ...metadata });
    sfn.on(SendTaskSuccessCommand).rejects(refusal);
    await expect(orchestrator.succeed('token-1', {})).rejects.toBe(refusal);
  });
});

describe('executionArn', () => {
  it('keeps the partition, region and account of the state machine', () => {
    expect(executionArn('arn:aws-cn:states:cn-north-1:123456789012:stateMachine:job', 'j1')).toBe(
      'arn:aws-cn:states:cn-north-1:123456789012:execution:job:j1',
    );
  });

  it.each([
    'arn:aws:states:eu-west-1:123456789012:stateMachine:job:live',
    'arn:aws:states:eu-west-1:123456789012:execution:job:j1',
    'fate-flow-job',
  ])('refuses %s, which is not an unqualified state machine ARN', (arn) => {
    expect(() => executionArn(arn, 'j1')).toThrow(`not an unqualified state machine ARN: ${arn}`);
    expect(
      () => new StepFunctionsOrchestrator(new SFNClient({ region: 'eu-west-1' }), { stateMachineArn: arn }),
    ).toThrow(`not an unqualified state machine ARN: ${arn}`);
  });
});

describe('truncateForSfn', () => {
  it('leaves a text within the limit as it is', () => {
    expect(truncateForSfn('ComponentFailed', 256)).toBe('ComponentFailed');
  });

  it('does not split a surrogate pair at the cut', () => {
    expect(truncateForSfn(`${'a'.repeat(255)}😀b`, 256)).toBe('a'.repeat(255));
    expect(truncateForSfn(`${'a'.repeat(254)}😀b`, 256)).toBe(`${'a'.repeat(254)}😀`);
  });
});
