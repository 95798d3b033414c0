import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import type { JobDefinitionSubstitution } from '../../functions/adapters/workflow/job-definition.js';
import type { LambdaEntryName } from '../../functions/lambda/site-env.js';

/**
 * The machine's name is fixed (not generated) because the functions receive its ARN built from the
 * name: a reference to the resource would be a cycle, as its definition references their ARNs.
 * The party id keeps two sites in one account apart.
 */
export function jobStateMachineName(partyId: number): string {
  return `fate-flow-${partyId}-job`;
}

/** Which function each `${…}` of statemachines/job.asl.json stands for. */
export const STEP_FUNCTIONS: Record<JobDefinitionSubstitution, LambdaEntryName> = {
  LoadPlanFunctionArn: 'loadPlan',
  RunComponentFunctionArn: 'runComponent',
  FinishJobFunctionArn: 'finishJob',
  FailJobFunctionArn: 'failJob',
};

/**
 * ALL (cdk-nag AwsSolutions-SF1): a job is ≈ 50 transitions of a few hundred bytes each, so
 * logging every one costs fractions of a cent per job and nothing while idle. Execution data
 * (ids and plans) stays out of the logs.
 */
export const WORKFLOW_LOG_LEVEL = LogLevel.ALL;
export const WORKFLOW_LOG_INCLUDES_DATA = false;
export const WORKFLOW_LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface AlarmSettings {
  /** The construct id and the alarm's subject. */
  readonly id: 'ExecutionsFailed' | 'ExecutionsTimedOut' | 'ExecutionThrottled';
  readonly description: string;
}

/**
 * Exactly these three alarms, and no other in the stack: each costs $0.10/month, and a site's
 * idle budget is $1/month (the signing key's secret takes $0.40 of it). Each fires on one
 * occurrence in 5 minutes; no data (no jobs) is not a breach.
 */
export const WORKFLOW_ALARMS: readonly AlarmSettings[] = [
  { id: 'ExecutionsFailed', description: 'A job workflow failed (a step failed past its retries).' },
  { id: 'ExecutionsTimedOut', description: 'A job workflow hit the Step Functions timeout.' },
  { id: 'ExecutionThrottled', description: 'Step Functions throttled the job workflow: jobs are delayed.' },
];
export const ALARM_PERIOD = Duration.minutes(5);
export const ALARM_THRESHOLD = 1;
export const ALARM_COMPARISON = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
export const ALARM_MISSING_DATA = TreatMissingData.NOT_BREACHING;
