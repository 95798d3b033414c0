import { type EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  ECS_TASK_STOPPED,
  RUNNER_TASK_ENDED,
  SCHEDULER_TRIGGERS,
  SWEEP_RATE,
  siteEventSource,
  TARGET_MAX_EVENT_AGE,
  TARGET_RETRY_ATTEMPTS,
} from './schedules-defaults.js';

export interface SchedulesProps {
  readonly partyId: number;
  /** The site's bus (JobSubmitted, JobFinished, ResourcesReturned come from it). */
  readonly bus: EventBus;
  readonly clusterArn: string;
  readonly scheduler: IFunction;
  readonly detector: IFunction;
  /** Task exits: ECS's task-stopped events and the runner's TaskEnded. */
  readonly taskExits: IFunction;
}

/** What wakes the site up: its own events, ECS's task-stopped events, and the 1-minute sweeps. */
export class Schedules extends Construct {
  public readonly schedulerSweep: Rule;
  public readonly detectorSweep: Rule;
  public readonly schedulerTriggers: Rule;
  public readonly taskStopped: Rule;
  public readonly taskEnded: Rule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const target = (fn: IFunction) =>
      new LambdaFunction(fn, { retryAttempts: TARGET_RETRY_ATTEMPTS, maxEventAge: TARGET_MAX_EVENT_AGE });
    this.schedulerSweep = new Rule(this, 'SchedulerSweep', {
      description: 'Scheduler safety sweep: waiting jobs an event missed',
      schedule: Schedule.rate(SWEEP_RATE),
      targets: [target(props.scheduler)],
    });
    this.detectorSweep = new Rule(this, 'DetectorSweep', {
      description: 'Detector: dead tasks, job timeouts, unacknowledged reports, leaked resources',
      schedule: Schedule.rate(SWEEP_RATE),
      targets: [target(props.detector)],
    });
    this.schedulerTriggers = new Rule(this, 'SchedulerTriggers', {
      description: 'A job submitted or finished, or resources returned: try the waiting jobs now',
      eventBus: props.bus,
      eventPattern: { source: [siteEventSource(props.partyId)], detailType: [...SCHEDULER_TRIGGERS] },
      targets: [target(props.scheduler)],
    });
    this.taskEnded = new Rule(this, 'RunnerTaskEnded', {
      description: "A runner wrote its task's end: report it before ECS reports the exit",
      eventBus: props.bus,
      eventPattern: { source: [siteEventSource(props.partyId)], detailType: [RUNNER_TASK_ENDED] },
      targets: [target(props.taskExits)],
    });
    // ECS publishes task state changes on the account's default bus only.
    this.taskStopped = new Rule(this, 'RunnerTaskStopped', {
      description: 'A runner task of this site stopped',
      eventPattern: {
        source: [ECS_TASK_STOPPED.source],
        detailType: [ECS_TASK_STOPPED.detailType],
        detail: { clusterArn: [props.clusterArn], lastStatus: [ECS_TASK_STOPPED.lastStatus] },
      },
      targets: [target(props.taskExits)],
    });
  }
}
