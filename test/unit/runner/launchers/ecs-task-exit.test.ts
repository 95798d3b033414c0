import { describe, expect, it } from '@jest/globals';
import { taskExitFromEcsEvent } from '../../../../functions/adapters/launchers/ecs-task-exit.js';
import { withValue } from '../../../fixtures/jobs.js';

const WORKER = '202601011200000000001-sleep_0-v1-guest-9999';
const TASK_ARN = 'arn:aws:ecs:eu-west-1:210987654321:task/fate-flow-9999/5d0c2b1e9a7f4c3e8b6a1d2f3e4c5b6a';

/** An EventBridge "ECS Task State Change" as ECS sends it for a Fargate task that stopped. */
function stoppedEvent(detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '3b8e2f4a-6c1d-4e7f-9a0b-1c2d3e4f5a6b',
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: '210987654321',
    time: '2026-01-01T12:03:41Z',
    region: 'eu-west-1',
    resources: [TASK_ARN],
    detail: {
      attachments: [
        {
          id: '8f1c0d2e-3b4a-4c5d-9e6f-7a8b9c0d1e2f',
          type: 'eni',
          status: 'DELETED',
          details: [{ name: 'subnetId', value: 'subnet-0a1b2c3d4e5f60718' }],
        },
      ],
      availabilityZone: 'eu-west-1b',
      clusterArn: 'arn:aws:ecs:eu-west-1:210987654321:cluster/fate-flow-9999',
      containers: [
        {
          containerArn:
            'arn:aws:ecs:eu-west-1:210987654321:container/fate-flow-9999/5d0c2b1e/7e6d5c4b-3a29-4181-9f0e-d1c2b3a49586',
          exitCode: 0,
          lastStatus: 'STOPPED',
          name: 'runner',
          image: '210987654321.dkr.ecr.eu-west-1.amazonaws.com/fate-flow-runner:0.1.0',
          taskArn: TASK_ARN,
          cpu: '0',
        },
      ],
      createdAt: '2026-01-01T12:02:10.112Z',
      launchType: 'FARGATE',
      cpu: '1024',
      memory: '2048',
      desiredStatus: 'STOPPED',
      group: 'family:fate-flow-9999-runner',
      lastStatus: 'STOPPED',
      connectivity: 'CONNECTED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedBy: WORKER,
      stoppedAt: '2026-01-01T12:03:40.877Z',
      taskArn: TASK_ARN,
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:210987654321:task-definition/fate-flow-9999-runner:7',
      version: 5,
      platformVersion: '1.4.0',
      ...detail,
    },
  };
}

const container = (fields: Record<string, unknown>): Record<string, unknown> => ({
  containers: [{ name: 'runner', lastStatus: 'STOPPED', ...fields }],
});

describe('taskExitFromEcsEvent', () => {
  it('reports a runner that finished with exit code 0', () => {
    expect(taskExitFromEcsEvent(stoppedEvent())).toEqual({ workerId: WORKER, exitCode: 0, reason: 'exit code 0' });
  });

  it('reports the exit code of a runner that failed', () => {
    expect(taskExitFromEcsEvent(stoppedEvent(container({ exitCode: 3 })))).toEqual({
      workerId: WORKER,
      exitCode: 3,
      reason: 'exit code 3',
    });
  });

  it('reports an out-of-memory kill in ECS words', () => {
    const event = stoppedEvent(
      container({ exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' }),
    );
    expect(taskExitFromEcsEvent(event)).toEqual({
      workerId: WORKER,
      exitCode: 137,
      reason: 'OutOfMemoryError: Container killed due to memory usage',
    });
  });

  it('reports a stop with the reason given to StopTask', () => {
    const event = stoppedEvent({
      ...container({ exitCode: 143 }),
      stopCode: 'UserInitiated',
      stoppedReason: 'job 202601011200000000001 canceled',
    });
    expect(taskExitFromEcsEvent(event)).toEqual({
      workerId: WORKER,
      exitCode: 143,
      reason: 'exit code 143 (stopped: job 202601011200000000001 canceled)',
    });
  });

  it('reports a task that never started with ECS reason and no exit code', () => {
    const event = stoppedEvent({
      ...container({ reason: 'CannotPullContainerError: pull image manifest has been retried 1 time(s)' }),
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 1 time(s)',
    });
    expect(taskExitFromEcsEvent(event)).toEqual({
      workerId: WORKER,
      exitCode: null,
      reason: 'CannotPullContainerError: pull image manifest has been retried 1 time(s)',
    });
  });

  it('adds the container exit code to an ECS-side stop reason', () => {
    const event = stoppedEvent({
      ...container({ exitCode: 143 }),
      stopCode: 'SpotInterruption',
      stoppedReason: 'Your Spot Task was interrupted.',
    });
    expect(taskExitFromEcsEvent(event)?.reason).toBe('Your Spot Task was interrupted. (exit code 143)');
  });

  it('reads the runner container by the name given, beside a sidecar', () => {
    const event = stoppedEvent({
      containers: [
        { name: 'log-router', exitCode: 0 },
        { name: 'fate-runner', exitCode: 1 },
      ],
    });
    expect(taskExitFromEcsEvent(event, 'fate-runner')).toEqual({
      workerId: WORKER,
      exitCode: 1,
      reason: 'exit code 1',
    });
    expect(taskExitFromEcsEvent(event)).toEqual({
      workerId: WORKER,
      exitCode: null,
      reason: 'Essential container in task exited',
    });
  });

  it('ignores tasks still starting or running, tasks not ours and other events', () => {
    expect(taskExitFromEcsEvent(stoppedEvent({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' }))).toBeUndefined();
    expect(taskExitFromEcsEvent(stoppedEvent({ lastStatus: 'DEACTIVATING' }))).toBeUndefined();
    expect(taskExitFromEcsEvent(stoppedEvent({ startedBy: undefined }))).toBeUndefined();
    expect(
      taskExitFromEcsEvent(withValue(stoppedEvent(), ['detail-type'], 'ECS Container Instance State Change')),
    ).toBeUndefined();
    expect(taskExitFromEcsEvent(withValue(stoppedEvent(), ['source'], 'fate-flow.9999'))).toBeUndefined();
    expect(taskExitFromEcsEvent('not an event')).toBeUndefined();
  });

  it('throws on a task state change without the fields ECS always sends', () => {
    expect(() => taskExitFromEcsEvent(withValue(stoppedEvent(), ['detail'], { containers: [] }))).toThrow(
      'malformed ECS Task State Change event',
    );
  });
});
