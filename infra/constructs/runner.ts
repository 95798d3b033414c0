import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Cluster, ContainerImage, FargateTaskDefinition, LogDrivers } from 'aws-cdk-lib/aws-ecs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RUNNER_CONTAINER_NAME } from '../../functions/adapters/launchers/ecs-task-launcher.js';
import { acknowledgeRule, acknowledgeWildcardResource } from './acknowledge.js';
import type { Network } from './network.js';
import {
  RUNNER_ASSET_EXCLUDE,
  RUNNER_BASE_SIZE,
  RUNNER_CONTAINER_INSIGHTS,
  RUNNER_DOCKERFILE,
  RUNNER_IMAGE_PLATFORM,
  RUNNER_LOG_RETENTION,
  RUNNER_LOG_STREAM_PREFIX,
  RUNNER_PLATFORM,
} from './runner-defaults.js';

export interface RunnerProps {
  readonly network: Network;
  /** The repository root: the image's build context. */
  readonly projectRoot: string;
}

/**
 * The ECS cluster and the Fargate task definition of the task runner. Tasks are started one by
 * one with RunTask (EcsTaskLauncher), which passes each task's environment and size as overrides:
 * the definition itself carries no environment.
 */
export class Runner extends Construct {
  public readonly cluster: Cluster;
  public readonly taskDefinition: FargateTaskDefinition;
  public readonly logGroup: LogGroup;
  /** `arn:…:ecs:…:task/<cluster>/*`: every task of this cluster, whatever its id. */
  public readonly taskArnPattern: string;

  constructor(scope: Construct, id: string, props: RunnerProps) {
    super(scope, id);
    this.cluster = new Cluster(this, 'Cluster', {
      vpc: props.network.vpc,
      containerInsightsV2: RUNNER_CONTAINER_INSIGHTS,
    });
    acknowledgeRule(
      this.cluster,
      'AwsSolutions-ECS4',
      'Container Insights bills per-task metrics and performance logs; the runner log group and the ECS task-state events the site consumes already record every task, and a site idles at ≤ $1/month.',
    );
    this.logGroup = new LogGroup(this, 'Logs', { retention: RUNNER_LOG_RETENTION });
    this.taskDefinition = new FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: RUNNER_BASE_SIZE.cpu,
      memoryLimitMiB: RUNNER_BASE_SIZE.memory,
      runtimePlatform: RUNNER_PLATFORM,
    });
    this.taskDefinition.addContainer(RUNNER_CONTAINER_NAME, {
      containerName: RUNNER_CONTAINER_NAME,
      image: ContainerImage.fromAsset(props.projectRoot, {
        file: RUNNER_DOCKERFILE,
        exclude: [...RUNNER_ASSET_EXCLUDE],
        platform: RUNNER_IMAGE_PLATFORM,
      }),
      logging: LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: RUNNER_LOG_STREAM_PREFIX }),
      essential: true,
    });
    this.taskArnPattern = Stack.of(this).formatArn({
      service: 'ecs',
      resource: 'task',
      resourceName: `${this.cluster.clusterName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const executionRole = this.taskDefinition.obtainExecutionRole();
    acknowledgeRule(
      executionRole,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken, which ECS calls with this role to pull the runner image, has no resource-level permissions: IAM accepts only "*".',
    );
    acknowledgeWildcardResource(
      Stack.of(this),
      this.taskArnPattern,
      'StopTask acts on task ARNs that exist only once RunTask has answered; the pattern is the tasks of this one cluster, and a condition on ecs:cluster says the same.',
    );
  }
}
