import { join } from 'node:path';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  JOB_DEFINITION_FILE,
  JOB_DEFINITION_SUBSTITUTIONS,
  type JobDefinitionSubstitution,
} from '../../functions/adapters/workflow/job-definition.js';
import { acknowledgeRule } from './acknowledge.js';
import {
  ALARM_COMPARISON,
  ALARM_MISSING_DATA,
  ALARM_PERIOD,
  ALARM_THRESHOLD,
  type AlarmSettings,
  WORKFLOW_ALARMS,
  WORKFLOW_LOG_INCLUDES_DATA,
  WORKFLOW_LOG_LEVEL,
  WORKFLOW_LOG_RETENTION,
} from './workflow-defaults.js';

export interface WorkflowProps {
  /** The fixed name the functions' SITE_ENV.stateMachineArn was built from. */
  readonly stateMachineName: string;
  /** The function behind each `${…}` of the definition. */
  readonly steps: Readonly<Record<JobDefinitionSubstitution, IFunction>>;
  readonly projectRoot: string;
}

/** The `job` state machine from statemachines/job.asl.json, its logs and its three alarms. */
export class Workflow extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly logGroup: LogGroup;
  public readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: WORKFLOW_LOG_RETENTION });
    const substitutions: Record<string, string> = {};
    for (const name of JOB_DEFINITION_SUBSTITUTIONS) substitutions[name] = props.steps[name].functionArn;
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      definitionBody: DefinitionBody.fromFile(join(props.projectRoot, JOB_DEFINITION_FILE)),
      definitionSubstitutions: substitutions,
      logs: { destination: this.logGroup, level: WORKFLOW_LOG_LEVEL, includeExecutionData: WORKFLOW_LOG_INCLUDES_DATA },
      tracingEnabled: true,
    });
    // The definition invokes the functions by unqualified ARN: exactly those ARNs (grantInvoke
    // would add `<arn>:*`, every version and alias, which nothing here uses).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: JOB_DEFINITION_SUBSTITUTIONS.map((name) => props.steps[name].functionArn),
      }),
    );
    acknowledgeRule(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery and the other vended-log calls) and X-Ray tracing have no resource-level permissions: IAM accepts only "*".',
    );
    this.alarms = WORKFLOW_ALARMS.map((settings) => this.alarm(settings));
  }

  private alarm(settings: AlarmSettings): Alarm {
    const options = { period: ALARM_PERIOD, statistic: 'Sum' };
    const metric = {
      ExecutionsFailed: () => this.stateMachine.metricFailed(options),
      ExecutionsTimedOut: () => this.stateMachine.metricTimedOut(options),
      ExecutionThrottled: () => this.stateMachine.metricThrottled(options),
    }[settings.id]();
    return new Alarm(this, settings.id, {
      metric,
      alarmDescription: settings.description,
      threshold: ALARM_THRESHOLD,
      evaluationPeriods: 1,
      comparisonOperator: ALARM_COMPARISON,
      treatMissingData: ALARM_MISSING_DATA,
    });
  }
}
