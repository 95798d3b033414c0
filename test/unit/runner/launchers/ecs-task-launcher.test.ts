import { createHash } from 'node:crypto';
import { ECSClient, ListTasksCommand, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { EcsTaskLauncher } from '../../../../functions/adapters/launchers/ecs-task-launcher.js';
import { fargateSizeFor } from '../../../../functions/adapters/launchers/fargate-size.js';

const CLUSTER = 'arn:aws:ecs:eu-west-1:210987654321:cluster/fate-flow-9999';
const TASK_ARN = 'arn:aws:ecs:eu-west-1:210987654321:task/fate-flow-9999/5d0c2b1e9a7f4c3e8b6a1d2f3e4c5b6a';
const WORKER = '202601011200000000001-sleep_0-v1-guest-9999';

const task = {
  jobId: '202601011200000000001',
  component: 'sleep_0',
  taskVersion: 1,
  role: 'guest',
  partyId: 9999,
  cores: 3,
} as const;

const options = {
  cluster: CLUSTER,
  taskDefinition: 'fate-flow-9999-runner:7',
  subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
  securityGroups: ['sg-0123456789abcdef0'],
  env: { FATE_FLOW_TABLE: 'fate-flow-9999', FATE_FLOW_BUCKET: 'fate-flow-9999-objects', FATE_FLOW_PARTY_ID: '9999' },
};

describe('EcsTaskLauncher against mocked ECS', () => {
  const client = new ECSClient({ region: 'eu-west-1' });
  const ecs = mockClient(client);
  const launcher = new EcsTaskLauncher(client, options);

  beforeEach(() => {
    ecs.reset();
  });

  it('runs one Fargate task without a public IP, with the task size and the runner environment, tagged with the worker id', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] });
    await launcher.launch(task, WORKER);

    expect(ecs.commandCalls(RunTaskCommand).map((call) => call.args[0].input)).toEqual([
      {
        cluster: CLUSTER,
        taskDefinition: 'fate-flow-9999-runner:7',
        launchType: 'FARGATE',
        count: 1,
        startedBy: WORKER,
        clientToken: createHash('sha256').update(WORKER).digest('hex'),
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
            securityGroups: ['sg-0123456789abcdef0'],
            assignPublicIp: 'DISABLED',
          },
        },
        overrides: {
          cpu: '4096',
          memory: '8192',
          containerOverrides: [
            {
              name: 'runner',
              environment: [
                { name: 'FATE_FLOW_TABLE', value: 'fate-flow-9999' },
                { name: 'FATE_FLOW_BUCKET', value: 'fate-flow-9999-objects' },
                { name: 'FATE_FLOW_PARTY_ID', value: '9999' },
                { name: 'FATE_FLOW_JOB_ID', value: '202601011200000000001' },
                { name: 'FATE_FLOW_COMPONENT', value: 'sleep_0' },
                { name: 'FATE_FLOW_TASK_VERSION', value: '1' },
                { name: 'FATE_FLOW_ROLE', value: 'guest' },
                { name: 'FATE_FLOW_TASK_CORES', value: '3' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it("adds each launch's own variables (its delegation ticket), asked for with the task and the worker id", async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }] });
    const asked: unknown[] = [];
    const ticketed = new EcsTaskLauncher(client, {
      ...options,
      launchEnv: async (key, workerId) => {
        asked.push([key, workerId]);
        return { FATE_FLOW_DELEGATION_TICKET: 'ticket-of-this-launch' };
      },
    });
    await ticketed.launch(task, WORKER);

    expect(asked).toEqual([[task, WORKER]]);
    const environment =
      ecs.commandCalls(RunTaskCommand)[0]?.args[0].input.overrides?.containerOverrides?.[0]?.environment;
    expect(environment).toContainEqual({ name: 'FATE_FLOW_DELEGATION_TICKET', value: 'ticket-of-this-launch' });
  });

  it('refuses a launch variable other than the ticket, before calling ECS', async () => {
    const sneaky = new EcsTaskLauncher(client, { ...options, launchEnv: async () => ({ FATE_FLOW_TABLE: 'other' }) });
    await expect(sneaky.launch(task, WORKER)).rejects.toThrow('FATE_FLOW_TABLE is not a variable a launch sets');
    expect(ecs.commandCalls(RunTaskCommand)).toHaveLength(0);
  });

  it('overrides the container the stack names', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }] });
    await new EcsTaskLauncher(client, { ...options, containerName: 'fate-runner' }).launch(task, WORKER);

    expect(
      ecs
        .commandCalls(RunTaskCommand)[0]
        ?.args[0].input.overrides?.containerOverrides?.map((override) => override.name),
    ).toEqual(['fate-runner']);
  });

  it('throws the reasons ECS gives when it starts no task', async () => {
    ecs.on(RunTaskCommand).resolves({
      tasks: [],
      failures: [
        { reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' },
      ],
    });

    await expect(launcher.launch(task, WORKER)).rejects.toThrow(
      `ECS could not start task sleep_0 v1 (worker ${WORKER}): ` +
        'Capacity is unavailable at this time. Please try again later or in a different availability zone',
    );
  });

  it('throws when the answer has neither tasks nor failures', async () => {
    ecs.on(RunTaskCommand).resolves({});

    await expect(launcher.launch(task, WORKER)).rejects.toThrow(
      `ECS could not start task sleep_0 v1 (worker ${WORKER}): no task started`,
    );
  });

  it('refuses a worker id ECS cannot put in startedBy, before calling ECS', async () => {
    await expect(launcher.launch(task, 'job 1/sleep_0')).rejects.toThrow(
      'worker id "job 1/sleep_0" cannot tag an ECS task: use 1 to 128 letters, digits, "-", "_" or "/"',
    );
    expect(ecs.calls()).toEqual([]);
  });

  it('refuses a task of another party than the site', async () => {
    await expect(launcher.launch({ ...task, partyId: 10000 }, WORKER)).rejects.toThrow(
      'task of party 10000 launched at the site of party 9999',
    );
  });

  it('stops every task ECS still runs for the worker, across pages, with the reason', async () => {
    const second = `${TASK_ARN.slice(0, -4)}ffff`;
    ecs
      .on(ListTasksCommand, { cluster: CLUSTER, startedBy: WORKER, desiredStatus: 'RUNNING' })
      .resolvesOnce({ taskArns: [TASK_ARN], nextToken: 'page-2' })
      .resolvesOnce({ taskArns: [second] });
    ecs.on(StopTaskCommand).resolves({});
    await launcher.stop(WORKER, `job canceled by user ${'x'.repeat(300)}`);

    expect(ecs.commandCalls(ListTasksCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: CLUSTER, startedBy: WORKER, desiredStatus: 'RUNNING' },
      { cluster: CLUSTER, startedBy: WORKER, desiredStatus: 'RUNNING', nextToken: 'page-2' },
    ]);
    const reason = `job canceled by user ${'x'.repeat(300)}`.slice(0, 255);
    expect(ecs.commandCalls(StopTaskCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: CLUSTER, task: TASK_ARN, reason },
      { cluster: CLUSTER, task: second, reason },
    ]);
  });

  it('stops nothing when the worker has ended', async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    await launcher.stop(WORKER, 'job canceled');

    expect(ecs.commandCalls(StopTaskCommand)).toEqual([]);
  });

  it('says a worker runs while ECS wants one of its tasks running', async () => {
    ecs.on(ListTasksCommand, { cluster: CLUSTER, startedBy: WORKER, desiredStatus: 'RUNNING' }).resolves({
      taskArns: [TASK_ARN],
    });
    ecs
      .on(ListTasksCommand, { cluster: CLUSTER, startedBy: 'gone', desiredStatus: 'RUNNING' })
      .resolves({ taskArns: [] });

    expect([await launcher.isRunning(WORKER), await launcher.isRunning('gone')]).toEqual([true, false]);
  });
});

describe('fargateSizeFor', () => {
  it.each([
    [0, 1024, 2048],
    [1, 1024, 2048],
    [2, 2048, 4096],
    [3, 4096, 8192],
    [4, 4096, 8192],
    [5, 8192, 16384],
    [8, 8192, 16384],
    [12, 16384, 32768],
    [16, 16384, 32768],
  ])('gives %s cores %s CPU units and %s MiB', (cores, cpu, memory) => {
    expect(fargateSizeFor(cores)).toEqual({ cpu, memory });
  });

  it('refuses more cores than Fargate has', () => {
    expect(() => fargateSizeFor(17)).toThrow('a Fargate task has at most 16 vCPUs; 17 cores cannot run on Fargate');
    expect(() => fargateSizeFor(-1)).toThrow('a task needs 0 or more cores, got -1');
  });
});
