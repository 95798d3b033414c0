import { CfnOutput, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeRule } from './acknowledge.js';
import {
  ALARM_METRICS_PER_EXPRESSION,
  DASHBOARD_PERIOD,
  FEDERATION_ERROR_QUERY,
  TASK_DURATION_QUERY,
} from './monitoring-defaults.js';

export interface MonitoringProps {
  readonly partyId: number;
  /** Every function of the site, by entry name. */
  readonly functions: Readonly<Record<string, LambdaFunction>>;
  readonly stateMachine: StateMachine;
  readonly runnerLogs: ILogGroup;
  readonly federationLogs: ILogGroup;
  readonly apiId: string;
  /** Where the alarms send mail (context `alarmEmail`), besides the topic. */
  readonly alarmEmail?: string;
}

/**
 * What tells the site's operators something is wrong, and what they look at then: an SNS topic
 * every alarm of the stack notifies (call `notifyAll` once every alarm exists), the functions'
 * errors as alarms, and a dashboard of jobs by outcome, task durations, federation errors, the
 * functions' errors and throttles, and the workflow's failures. Only metrics AWS publishes anyway
 * and Logs Insights over the logs the site writes: no custom metric to pay for.
 */
export class Monitoring extends Construct {
  public readonly topic: Topic;
  public readonly dashboard: Dashboard;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitoringProps,
  ) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', {
      displayName: `FATE-Flow party ${props.partyId} alarms`,
      enforceSSL: true,
    });
    acknowledgeRule(
      this.topic,
      'AwsSolutions-SNS2',
      'CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key costs $1 a month; the topic carries alarm names and states only.',
    );
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.functionErrorAlarms();
    this.dashboard = this.buildDashboard();
    new CfnOutput(Stack.of(this), 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'Every alarm of the site notifies this topic; subscribe to it (or give -c alarmEmail=…)',
    });
    new CfnOutput(Stack.of(this), 'DashboardName', { value: this.dashboard.dashboardName });
  }

  /** Points every alarm in `scope` (the stack) at the topic. */
  notifyAll(scope: Construct): void {
    const action = new SnsAction(this.topic);
    for (const node of scope.node.findAll()) if (node instanceof Alarm) node.addAlarmAction(action);
  }

  /** One alarm per group of up to 10 functions: any error in any of them, in 5 minutes. */
  private functionErrorAlarms(): void {
    const entries = Object.entries(this.props.functions);
    for (let start = 0; start < entries.length; start += ALARM_METRICS_PER_EXPRESSION) {
      const group = entries.slice(start, start + ALARM_METRICS_PER_EXPRESSION);
      const usingMetrics = Object.fromEntries(
        group.map(([name, fn], index) => [`e${index}`, fn.metricErrors({ period: DASHBOARD_PERIOD, label: name })]),
      );
      new Alarm(this, `FunctionErrors${start / ALARM_METRICS_PER_EXPRESSION + 1}`, {
        metric: new MathExpression({
          expression: Object.keys(usingMetrics).join(' + '),
          usingMetrics,
          period: DASHBOARD_PERIOD,
          label: 'function errors',
        }),
        alarmDescription: `A function of ${group.map(([name]) => name).join(', ')} failed (an uncaught error, a timeout or an out-of-memory).`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
  }

  private buildDashboard(): Dashboard {
    const { props } = this;
    const period = DASHBOARD_PERIOD;
    const machine = props.stateMachine;
    const functions = Object.entries(props.functions);
    const perFunction = (metric: (fn: LambdaFunction) => Metric) =>
      functions.map(([name, fn]) => metric(fn).with({ label: name, period }));
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `fate-flow-${props.partyId}`,
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# FATE-Flow party ${props.partyId}\nOne workflow execution per job at its initiator; tasks from the runners' logs.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Jobs by status (workflow executions)',
        left: [
          machine.metricStarted({ period, label: 'started' }),
          machine.metricSucceeded({ period, label: 'success' }),
          machine.metricFailed({ period, label: 'failed' }),
          machine.metricAborted({ period, label: 'canceled' }),
          machine.metricTimedOut({ period, label: 'timeout' }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Workflow failures and job durations',
        left: [
          machine.metricFailed({ period, label: 'failed' }),
          machine.metricTimedOut({ period, label: 'timed out' }),
          machine.metricThrottled({ period, label: 'throttled' }),
        ],
        right: [machine.metricTime({ period, statistic: 'Maximum', label: 'longest job (ms)' })],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new LogQueryWidget({
        title: 'Task durations by component (runners)',
        logGroupNames: [props.runnerLogs.logGroupName],
        queryLines: TASK_DURATION_QUERY,
        width: 12,
      }),
      new LogQueryWidget({
        title: 'Federation errors (refused or failed calls)',
        logGroupNames: [props.federationLogs.logGroupName],
        queryLines: FEDERATION_ERROR_QUERY,
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: perFunction((fn) => fn.metricErrors()), width: 8 }),
      new GraphWidget({ title: 'Function throttles', left: perFunction((fn) => fn.metricThrottles()), width: 8 }),
      new GraphWidget({
        title: 'API answers 4xx / 5xx',
        left: ['4xx', '5xx'].map(
          (name) =>
            new Metric({
              namespace: 'AWS/ApiGateway',
              metricName: name,
              dimensionsMap: { ApiId: props.apiId },
              period,
              statistic: 'Sum',
              label: name,
            }),
        ),
        width: 8,
      }),
    );
    return dashboard;
  }
}
