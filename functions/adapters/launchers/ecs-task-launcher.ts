import { createHash } from 'node:crypto';
import { type ECSClient, ListTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { ArgumentError, OperatingError } from '../../domain/errors.js';
import type { TaskLauncher } from '../../domain/ports/task-launcher.js';
import type { TaskKey } from '../../domain/records/task-record.js';
import { fargateSizeFor } from './fargate-size.js';
import { type LaunchEnv, runnerEnvironment, type SiteRunnerEnv } from './runner-environment.js';

/** The runner's container name in the task definition, unless the stack names it otherwise. */
export const RUNNER_CONTAINER_NAME = 'runner';

/** ECS's rule for `startedBy`, which carries the worker id. */
const STARTED_BY = /^[A-Za-z0-9_/-]{1,128}$/;

/** StopTask keeps at most 255 characters of the reason. */
const MAX_STOP_REASON = 255;

export interface EcsTaskLauncherOptions {
  readonly cluster: string;
  /** Family, family:revision or ARN; its runtime platform (ARM64) and image live there. */
  readonly taskDefinition: string;
  /** @default RUNNER_CONTAINER_NAME */
  readonly containerName?: string;
  /**
   * Private subnets without a route to the internet: tasks reach DynamoDB, S3, ECR, CloudWatch Logs
   * and the site's Lambdas through VPC endpoints only (infra/constructs/network.ts), so no public IP.
   */
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  /** The site's part of RUNNER_ENV: table, bucket, party id. */
  readonly env: SiteRunnerEnv;
  /** Each launch's own variables (its delegation ticket). @default none */
  readonly launchEnv?: LaunchEnv;
}

/**
 * The AWS TaskLauncher: one Fargate task per (component, party, version). Its exit reaches the
 * site's TaskExitListener through EventBridge ("ECS Task State Change", see taskExitFromEcsEvent).
 */
export class EcsTaskLauncher implements TaskLauncher {
  private readonly containerName: string;

  constructor(
    private readonly client: ECSClient,
    private readonly options: EcsTaskLauncherOptions,
  ) {
    this.containerName = options.containerName ?? RUNNER_CONTAINER_NAME;
  }

  async launch(task: TaskKey & { readonly cores: number }, workerId: string): Promise<void> {
    checkWorkerId(workerId);
    const launch = (await this.options.launchEnv?.(task, workerId)) ?? {};
    const environment = Object.entries(runnerEnvironment(this.options.env, task, launch)).map(([name, value]) => ({
      name,
      value,
    }));
    const size = fargateSizeFor(task.cores);
    const output = await this.client.send(
      new RunTaskCommand({
        cluster: this.options.cluster,
        taskDefinition: this.options.taskDefinition,
        launchType: 'FARGATE',
        count: 1,
        startedBy: workerId,
        // The same worker id gives the same token, so a retried launch (ours or the SDK's) starts
        // no second task. A hash, because the token holds at most 64 characters and a worker id 128.
        clientToken: createHash('sha256').update(workerId).digest('hex'),
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [...this.options.subnets],
            securityGroups: [...this.options.securityGroups],
            assignPublicIp: 'DISABLED',
          },
        },
        overrides: {
          cpu: String(size.cpu),
          memory: String(size.memory),
          containerOverrides: [{ name: this.containerName, environment }],
        },
      }),
    );
    const failures = output.failures ?? [];
    if (failures.length > 0 || (output.tasks ?? []).length === 0) {
      const reasons = failures.map((failure) =>
        [failure.reason ?? 'unknown reason', failure.detail, failure.arn].filter(Boolean).join(' '),
      );
      throw new OperatingError(
        `ECS could not start task ${task.component} v${task.taskVersion} (worker ${workerId}): ${reasons.join('; ') || 'no task started'}`,
        { details: { workerId, failures: reasons } },
      );
    }
  }

  /** Stops every task of the worker that ECS still wants running; none left is fine. */
  async stop(workerId: string, reason: string): Promise<void> {
    checkWorkerId(workerId);
    for (const taskArn of await this.runningTasks(workerId)) {
      await this.client.send(
        new StopTaskCommand({ cluster: this.options.cluster, task: taskArn, reason: reason.slice(0, MAX_STOP_REASON) }),
      );
    }
  }

  /** Pending and provisioning tasks count as running: ECS's desired status is RUNNING for them too. */
  async isRunning(workerId: string): Promise<boolean> {
    checkWorkerId(workerId);
    return (await this.runningTasks(workerId)).length > 0;
  }

  private async runningTasks(workerId: string): Promise<string[]> {
    // A plain loop rather than the SDK's paginator, which reuses (and mutates) one input object.
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListTasksCommand({
          cluster: this.options.cluster,
          startedBy: workerId,
          desiredStatus: 'RUNNING',
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return arns;
  }
}

function checkWorkerId(workerId: string): void {
  if (!STARTED_BY.test(workerId)) {
    throw new ArgumentError(
      `worker id "${workerId}" cannot tag an ECS task: use 1 to 128 letters, digits, "-", "_" or "/"`,
    );
  }
}
