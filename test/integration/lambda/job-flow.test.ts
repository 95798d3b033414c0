import { ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDelegationStore } from '../../../functions/adapters/dynamodb/delegation-store.js';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import { loopbackMessageOf } from '../../../functions/adapters/peers/loopback-event.js';
import { executionArn } from '../../../functions/adapters/workflow/step-functions-orchestrator.js';
import type { TaskRecord } from '../../../functions/domain/records/task-record.js';
import { handler as api } from '../../../functions/lambda/api.js';
import { handler as detector } from '../../../functions/lambda/detector.js';
import { handler as scheduler } from '../../../functions/lambda/scheduler.js';
import { failJob, loadPlan, runComponent } from '../../../functions/lambda/steps.js';
import { handler as taskExits } from '../../../functions/lambda/task-exits.js';
import type { ApiDeps } from '../../../functions/services/entry-deps.js';
import { ticketHash } from '../../../functions/services/tasks/delegation-ticket.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { apiEvent, jsonBody } from '../../unit/api/support/api-events.js';
import {
  DELEGATION_FUNCTION_ARN,
  FEDERATION_FUNCTION_ARN,
  OUTBOX_FUNCTION_ARN,
  PARTY,
  STATE_MACHINE_ARN,
} from '../../unit/lambda/support/site-env.js';
import { aws, context, startAwsSiteEnv } from './support/aws-site-env.js';

const TASK_ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/fate-flow-9999/5d0c2b1e9a7f4c3e8b6a1d2f3e4c5b6a';

let dynamo: LocalDynamo;
let jobs: DynamoJobStore;

beforeAll(async () => {
  dynamo = await startAwsSiteEnv();
  jobs = new DynamoJobStore(dynamo.client, dynamo.tableName);
  aws.sfn.on(StartExecutionCommand).callsFake(async (input: { name?: string }) => ({
    executionArn: executionArn(STATE_MACHINE_ARN, input.name ?? ''),
    startDate: new Date(),
  }));
  aws.sfn.on(SendTaskFailureCommand).resolves({});
  aws.sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
  aws.ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] });
  aws.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
});

afterAll(async () => {
  await dynamo.stop();
});

/** A job only this party plays (as guest): nothing to call at another site. */
async function submit(jobParameters: Record<string, unknown>): Promise<string> {
  const result = await api(
    apiEvent<ApiDeps>({
      path: '/v1/job/submit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        // A production site: FATE's components only (the runner is not run here, ECS is mocked).
        dsl: { components: { reader_0: { module: 'Reader', output: { data: ['data'] } } } },
        runtime_conf: {
          dsl_version: 2,
          initiator: { role: 'guest', party_id: PARTY },
          role: { guest: [PARTY] },
          job_parameters: { common: { task_cores: 1, ...jobParameters } },
          component_parameters: { common: { reader_0: { table: { namespace: 'experiment', name: 'breast' } } } },
        },
      }),
      iam: { userArn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' },
    }),
    context('fate-flow-api'),
  );
  const body = jsonBody(result) as { retcode: number; jobId: string };
  expect(body.retcode).toBe(0);
  return body.jobId;
}

async function guestTask(jobId: string): Promise<TaskRecord> {
  const [task] = await jobs.listTasks(jobId, { component: 'reader_0', role: 'guest', partyId: PARTY });
  if (task === undefined) throw new Error(`job ${jobId} has no reader_0 task`);
  return task;
}

/** EventBridge's "ECS Task State Change" for a runner task ECS stopped. */
function ecsStopped(startedBy: string, container: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '0',
    id: '3b8e2f4a-6c1d-4e7f-9a0b-1c2d3e4f5a6b',
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: '123456789012',
    time: '2026-11-27T15:50:00Z',
    region: 'eu-west-1',
    resources: [TASK_ARN],
    detail: {
      clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/fate-flow-9999',
      containers: [{ name: 'runner', lastStatus: 'STOPPED', taskArn: TASK_ARN, ...container }],
      desiredStatus: 'STOPPED',
      lastStatus: 'STOPPED',
      launchType: 'FARGATE',
      startedBy,
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      taskArn: TASK_ARN,
    },
  };
}

describe('a job through the Lambda entry points, on DynamoDB, with the other AWS services mocked', () => {
  let jobId: string;

  it('submits through the api Lambda and publishes JobSubmitted on the site bus', async () => {
    jobId = await submit({ auto_retries: 0 });
    const entries = aws.eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(entries.map((entry) => [entry.Source, entry.DetailType, entry.EventBusName])).toEqual([
      ['fate-flow.9999', 'JobSubmitted', 'fate-flow-9999'],
    ]);
  });

  it("starts the job in a scheduler pass: resources granted, the job's execution started", async () => {
    expect(await scheduler({}, context('fate-flow-scheduler'))).toEqual({ started: [jobId], stillWaiting: [] });
    expect(aws.sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { stateMachineArn: STATE_MACHINE_ARN, name: jobId, input: JSON.stringify({ jobId }) },
    ]);
  });

  it('loads the plan of the stored job for the state machine', async () => {
    expect(await loadPlan({ jobId }, context('fate-flow-load-plan'))).toEqual({
      jobId,
      taskParallelism: 1,
      stages: [{ index: 0, components: ['reader_0'] }],
    });
  });

  it("runs a component as a Fargate task with the runner's environment, and has reported it before returning", async () => {
    aws.lambda.resetHistory();
    await runComponent(
      { jobId, component: 'reader_0', taskToken: 'token-reader-0' },
      context('fate-flow-run-component'),
    );
    // The step starts the task at this site by invoking the federation function, which launches it.
    const invoked = aws.lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(
      invoked.map(({ FunctionName, Payload }) => {
        const message = loopbackMessageOf(JSON.parse(new TextDecoder().decode(Payload as Uint8Array)));
        return [FunctionName, message.command, message.dest];
      }),
    ).toEqual([[FEDERATION_FUNCTION_ARN, 'task.start', { role: 'guest', partyId: PARTY }]]);
    const task = await guestTask(jobId);
    expect([task.partyStatus, task.reportedStatus]).toEqual(['running', 'running']);
    const [launch] = aws.ecs.commandCalls(RunTaskCommand).map((call) => call.args[0].input);
    expect(launch).toMatchObject({
      cluster: 'fate-flow-9999',
      taskDefinition: 'fate-flow-9999-runner',
      launchType: 'FARGATE',
      startedBy: task.workerId,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
          securityGroups: ['sg-0123456789abcdef0'],
          assignPublicIp: 'DISABLED',
        },
      },
    });
    const environment = launch?.overrides?.containerOverrides?.[0]?.environment ?? [];
    const variables = Object.fromEntries(environment.map(({ name, value }) => [name, value]));
    // No signing key, no event bus: the runner calls the delegation and outbox functions instead.
    expect(variables).toEqual({
      FATE_FLOW_PARTY_ID: '9999',
      FATE_FLOW_TABLE: 'fate-flow',
      FATE_FLOW_BUCKET: 'fate-flow-9999-data',
      FATE_FLOW_DELEGATION_FUNCTION: DELEGATION_FUNCTION_ARN,
      FATE_FLOW_OUTBOX_FUNCTION: OUTBOX_FUNCTION_ARN,
      FATE_FLOW_DELEGATION_TICKET: expect.stringMatching(/^[\w-]{43}$/),
      FATE_FLOW_JOB_ID: jobId,
      FATE_FLOW_COMPONENT: 'reader_0',
      FATE_FLOW_TASK_VERSION: '0',
      FATE_FLOW_ROLE: 'guest',
      FATE_FLOW_TASK_CORES: '1',
    });
    // Only the ticket's hash is stored, beside the worker it was issued to.
    const delegation = await new DynamoDelegationStore(dynamo.client, dynamo.tableName).getDelegation(task);
    expect([delegation?.workerId, delegation?.ticketHash, delegation?.publicKey]).toEqual([
      task.workerId,
      ticketHash(variables.FATE_FLOW_DELEGATION_TICKET ?? ''),
      undefined,
    ]);
  });

  it('ignores ECS events that are not a stopped runner task of this site', async () => {
    const { workerId } = await guestTask(jobId);
    const running = ecsStopped(workerId ?? '', { exitCode: undefined });
    await taskExits(
      { ...running, detail: { ...(running.detail as object), lastStatus: 'RUNNING' } },
      context('fate-flow-task-exits'),
    );
    await taskExits(ecsStopped('ecs-svc/1234567890', { exitCode: 1 }), context('fate-flow-task-exits'));
    expect((await guestTask(jobId)).partyStatus).toBe('running');
  });

  it("fails a running task with ECS's reason when its runner was stopped, and fails the component's token", async () => {
    const { workerId } = await guestTask(jobId);
    const event = ecsStopped(workerId ?? '', {
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
    });
    await taskExits(event, context('fate-flow-task-exits'));
    const task = await guestTask(jobId);
    expect([task.partyStatus, task.reportedStatus, task.errorReport]).toEqual([
      'failed',
      'failed',
      'task executor process abort: OutOfMemoryError: Container killed due to memory usage',
    ]);
    const failures = aws.sfn.commandCalls(SendTaskFailureCommand).map((call) => call.args[0].input);
    expect(failures.map(({ taskToken, error }) => [taskToken, error])).toEqual([['token-reader-0', 'ComponentFailed']]);
  });

  it('fails the job in the FailJob step and returns its resources', async () => {
    await failJob({ jobId, error: 'ComponentFailed', cause: 'reader_0 failed' }, context('fate-flow-fail-job'));
    const [job] = await jobs.getJobRecords(jobId);
    expect([job?.status, job?.resourceInUse]).toEqual(['failed', false]);
  });

  it('names a step error for the Catch: an unknown job is NotFoundError, a bad payload ArgumentError', async () => {
    await expect(loadPlan({ jobId: '202611271544189999999' }, context('fate-flow-load-plan'))).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(loadPlan({ job: jobId }, context('fate-flow-load-plan'))).rejects.toMatchObject({
      name: 'ArgumentError',
    });
  });

  it('times out a waiting job past its timeout in a detector pass', async () => {
    const waiting = await submit({ timeout: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Only the counts this job moves: the detector's pass grows other counts as it learns more checks.
    expect(await detector({}, context('fate-flow-detector'))).toMatchObject({ timedOutJobs: 1, deadTasks: 0 });
    const [job] = await jobs.getJobRecords(waiting);
    expect(job?.status).toBe('timeout');
  });
});

describe("a runner's TaskEnded on the site's bus", () => {
  let jobId: string;

  /** What the runner puts on the bus once it has written its task's end (EventBridge's envelope around it). */
  const taskEnded = (source: string, detail: Record<string, unknown>) => ({
    version: '0',
    id: '7c1e9b2a-4d3f-4e6a-8b5c-0d1e2f3a4b5c',
    'detail-type': 'TaskEnded',
    source,
    account: '123456789012',
    time: '2026-11-27T16:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: { type: 'TaskEnded', ...detail },
  });

  beforeAll(async () => {
    aws.sfn.on(SendTaskSuccessCommand).resolves({});
    jobId = await submit({ auto_retries: 0 });
    await scheduler({}, context('fate-flow-scheduler'));
    await runComponent(
      { jobId, component: 'reader_0', taskToken: 'token-announced' },
      context('fate-flow-run-component'),
    );
    // What the runner does before it announces: the task's end, written at this party.
    const task = await guestTask(jobId);
    await jobs.updateTaskPartyStatus(task, 'success', { endTime: Date.now(), elapsed: 1 });
  });

  it('ignores one from another source, and one about a task of another party', async () => {
    const key = { jobId, component: 'reader_0', taskVersion: 0, role: 'guest', partyId: PARTY, status: 'success' };
    await taskExits(taskEnded('fate-flow.10000', key), context('fate-flow-task-exits'));
    await taskExits(taskEnded(`fate-flow.${PARTY}`, { ...key, partyId: 10000 }), context('fate-flow-task-exits'));
    expect((await guestTask(jobId)).reportedStatus).toBe('running');
  });

  it('reports the task at once, before ECS reports the exit: the component succeeds', async () => {
    const key = { jobId, component: 'reader_0', taskVersion: 0, role: 'guest', partyId: PARTY, status: 'success' };
    await taskExits(taskEnded(`fate-flow.${PARTY}`, key), context('fate-flow-task-exits'));

    expect((await guestTask(jobId)).reportedStatus).toBe('success');
    const successes = aws.sfn.commandCalls(SendTaskSuccessCommand).map((call) => call.args[0].input.taskToken);
    expect(successes).toEqual(['token-announced']);
  });
});
