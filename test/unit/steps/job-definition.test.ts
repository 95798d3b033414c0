import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  definitionPlaceholders,
  JOB_DEFINITION_SUBSTITUTIONS,
  substituteDefinition,
} from '../../../functions/adapters/workflow/job-definition.js';
import { STEP_ERRORS } from '../../../functions/steps/step-contract.js';
import { validateAsl } from './support/asl-validator.js';

/** A definition substitution as written in the ASL: `${Name}`. */
const sub = (name: string): string => `\${${name}}`;

const text = readFileSync(new URL('../../../statemachines/job.asl.json', import.meta.url), 'utf8');
const definition: unknown = JSON.parse(text);

/** The value at `path` in a JSON document (undefined when any step is missing). */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Object.entries(current).find(([name]) => name === key)?.[1];
  }
  return current;
}

const STAGE_STATES = ['States', 'Stages', 'ItemProcessor', 'States'];
const COMPONENT_STATES = [...STAGE_STATES, 'Components', 'ItemProcessor', 'States'];
const LAMBDA_TRANSIENT_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    STEP_ERRORS.transient,
  ],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 5,
  MaxDelaySeconds: 30,
  JitterStrategy: 'FULL',
};
const CATCH_ALL_TO_FAIL_JOB = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'FailJob' }];

describe('statemachines/job.asl.json', () => {
  it('is valid Amazon States Language with paths and ARNs checked', () => {
    const validation = validateAsl(definition);
    expect(validation.errorsText()).toBe('');
    expect(validation.isValid).toBe(true);
  });

  it('is left as it was by validation, which gets a copy', () => {
    validateAsl(definition);
    expect(JSON.parse(text)).toEqual(definition);
  });

  it('uses only the four known definition substitutions, each at least once', () => {
    const placeholders = definitionPlaceholders(text);
    expect(placeholders.filter((name) => !(JOB_DEFINITION_SUBSTITUTIONS as readonly string[]).includes(name))).toEqual(
      [],
    );
    expect([...new Set(placeholders)].sort()).toEqual([...JOB_DEFINITION_SUBSTITUTIONS].sort());
  });

  it('takes every FunctionName from a substitution', () => {
    const functionNames = [...text.matchAll(/"FunctionName":\s*"([^"]*)"/g)].map((match) => match[1]);
    expect(functionNames).toEqual([
      sub('LoadPlanFunctionArn'),
      sub('RunComponentFunctionArn'),
      sub('FinishJobFunctionArn'),
      sub('FailJobFunctionArn'),
    ]);
  });

  it('loads the plan with the job id and keeps only the plan fields of the Lambda result', () => {
    expect(at(definition, 'StartAt')).toBe('LoadPlan');
    expect(at(definition, 'States', 'LoadPlan', 'Resource')).toBe('arn:aws:states:::lambda:invoke');
    expect(at(definition, 'States', 'LoadPlan', 'Parameters')).toEqual({
      FunctionName: sub('LoadPlanFunctionArn'),
      Payload: { 'jobId.$': '$.jobId' },
    });
    expect(at(definition, 'States', 'LoadPlan', 'ResultSelector')).toEqual({
      'jobId.$': '$.Payload.jobId',
      'taskParallelism.$': '$.Payload.taskParallelism',
      'stages.$': '$.Payload.stages',
    });
    expect(at(definition, 'States', 'LoadPlan', 'Catch')).toEqual(CATCH_ALL_TO_FAIL_JOB);
    expect(at(definition, 'States', 'LoadPlan', 'Next')).toBe('Stages');
  });

  it('walks the stages one at a time and hands each its components and the task parallelism', () => {
    expect(at(definition, 'States', 'Stages', 'Type')).toBe('Map');
    expect(at(definition, 'States', 'Stages', 'ItemsPath')).toBe('$.stages');
    expect(at(definition, 'States', 'Stages', 'MaxConcurrency')).toBe(1);
    expect(at(definition, 'States', 'Stages', 'ItemProcessor', 'ProcessorConfig')).toEqual({ Mode: 'INLINE' });
    expect(at(definition, 'States', 'Stages', 'ItemSelector')).toEqual({
      'jobId.$': '$.jobId',
      'taskParallelism.$': '$.taskParallelism',
      'stage.$': '$$.Map.Item.Value.index',
      'components.$': '$$.Map.Item.Value.components',
    });
    expect(at(definition, 'States', 'Stages', 'ResultPath')).toBeNull();
    expect(at(definition, 'States', 'Stages', 'Catch')).toEqual(CATCH_ALL_TO_FAIL_JOB);
    expect(at(definition, 'States', 'Stages', 'Next')).toBe('FinishJob');
  });

  it("runs a stage's components in parallel up to the job's task parallelism", () => {
    expect(at(definition, ...STAGE_STATES, 'Components', 'Type')).toBe('Map');
    expect(at(definition, ...STAGE_STATES, 'Components', 'ItemsPath')).toBe('$.components');
    expect(at(definition, ...STAGE_STATES, 'Components', 'MaxConcurrencyPath')).toBe('$.taskParallelism');
    expect(at(definition, ...STAGE_STATES, 'Components', 'MaxConcurrency')).toBeUndefined();
    expect(at(definition, ...STAGE_STATES, 'Components', 'ItemSelector')).toEqual({
      'jobId.$': '$.jobId',
      'component.$': '$$.Map.Item.Value',
    });
    expect(at(definition, ...STAGE_STATES, 'Components', 'ResultPath')).toBeNull();
  });

  it('runs each component as a task-token Task with the token in the payload', () => {
    const runComponent = at(definition, ...COMPONENT_STATES, 'RunComponent');
    expect(at(runComponent, 'Resource')).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(at(runComponent, 'Parameters')).toEqual({
      FunctionName: sub('RunComponentFunctionArn'),
      Payload: { 'jobId.$': '$.jobId', 'component.$': '$.component', 'taskToken.$': '$$.Task.Token' },
    });
    expect(at(runComponent, 'ResultPath')).toBeNull();
    expect(at(runComponent, 'HeartbeatSeconds')).toBeUndefined();
    expect(at(runComponent, 'TimeoutSeconds')).toBeUndefined();
    expect(at(runComponent, 'Catch')).toBeUndefined();
    expect(at(runComponent, 'End')).toBe(true);
  });

  it('keeps iteration results to a name or an index, so nothing accumulates in the state', () => {
    expect(at(definition, ...COMPONENT_STATES, 'RunComponent', 'OutputPath')).toBe('$.component');
    expect(at(definition, ...STAGE_STATES, 'Components', 'OutputPath')).toBe('$.stage');
  });

  it('retries components only on transient Lambda and service errors, never on a failed or stopped component', () => {
    const retry = at(definition, ...COMPONENT_STATES, 'RunComponent', 'Retry');
    expect(retry).toEqual([LAMBDA_TRANSIENT_RETRY]);
    const retried = JSON.stringify(retry);
    expect(retried.includes(STEP_ERRORS.componentFailed)).toBe(false);
    expect(retried.includes(STEP_ERRORS.jobStopped)).toBe(false);
    expect(retried.includes('States.ALL')).toBe(false);
  });

  it('retries the other Lambda steps on the same transient errors', () => {
    for (const state of ['LoadPlan', 'FinishJob', 'FailJob']) {
      expect(at(definition, 'States', state, 'Retry')).toEqual([LAMBDA_TRANSIENT_RETRY]);
    }
  });

  it('finishes the job after the stages and fails it into FailJob when finishing fails', () => {
    expect(at(definition, 'States', 'FinishJob', 'Parameters')).toEqual({
      FunctionName: sub('FinishJobFunctionArn'),
      Payload: { 'jobId.$': '$.jobId' },
    });
    expect(at(definition, 'States', 'FinishJob', 'ResultPath')).toBeNull();
    expect(at(definition, 'States', 'FinishJob', 'Catch')).toEqual(CATCH_ALL_TO_FAIL_JOB);
    expect(at(definition, 'States', 'FinishJob', 'Next')).toBe('JobSucceeded');
    expect(at(definition, 'States', 'JobSucceeded')).toEqual({ Type: 'Succeed' });
  });

  it('fails the job with the caught error and cause, then ends failed with them', () => {
    expect(at(definition, 'States', 'FailJob', 'Parameters')).toEqual({
      FunctionName: sub('FailJobFunctionArn'),
      Payload: { 'jobId.$': '$.jobId', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' },
    });
    expect(at(definition, 'States', 'FailJob', 'ResultPath')).toBeNull();
    expect(at(definition, 'States', 'FailJob', 'Catch')).toBeUndefined();
    expect(at(definition, 'States', 'FailJob', 'Next')).toBe('JobFailed');
    expect(at(definition, 'States', 'JobFailed')).toEqual({
      Type: 'Fail',
      ErrorPath: '$.failure.Error',
      CausePath: '$.failure.Cause',
    });
  });
});

describe('substituteDefinition', () => {
  const values = {
    LoadPlanFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:load-plan',
    RunComponentFunctionArn: 'run-component',
    FinishJobFunctionArn: 'finish-job',
    FailJobFunctionArn: 'fail "job"',
  };

  it('replaces every placeholder and leaves a definition that validates', () => {
    const substituted = substituteDefinition(text, values);
    expect(definitionPlaceholders(substituted)).toEqual([]);
    const parsed: unknown = JSON.parse(substituted);
    expect(at(parsed, 'States', 'LoadPlan', 'Parameters', 'FunctionName')).toBe(values.LoadPlanFunctionArn);
    expect(at(parsed, 'States', 'FailJob', 'Parameters', 'FunctionName')).toBe('fail "job"');
    expect(validateAsl(parsed).isValid).toBe(true);
  });

  it('refuses a placeholder that is not one of the known substitutions', () => {
    expect(() => substituteDefinition(`{"FunctionName": "${sub('OtherFunctionArn')}"}`, values)).toThrow(
      `unknown definition substitution ${sub('OtherFunctionArn')}`,
    );
  });
});
