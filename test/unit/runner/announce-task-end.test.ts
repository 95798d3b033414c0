import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { announceTaskEnd, siteEventBus } from '../../../runner/announce-task-end.js';

const lambda = mockClient(LambdaClient);
const OUTBOX = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-10000-runner-outbox';
const TASK = {
  jobId: '202611271200000000001',
  component: 'hetero_lr_0',
  taskVersion: 1,
  role: 'host',
  partyId: 10000,
} as const;

const payloads = () =>
  lambda
    .commandCalls(InvokeCommand)
    .map((call) => [
      call.args[0].input.FunctionName,
      JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)),
    ]);

afterEach(() => {
  lambda.reset();
});

describe("the runner's announcement of its task's end", () => {
  it("asks the site's runnerOutbox to put TaskEnded, with the task and its status", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: Uint8ArrayBlobAdapter.fromString('{}') });
    const lines: string[] = [];

    await announceTaskEnd(await siteEventBus(OUTBOX), TASK, 'success', (line) => lines.push(line));

    expect(payloads()).toEqual([[OUTBOX, { kind: 'taskEnded', task: TASK, status: 'success' }]]);
    expect(lines).toEqual([]);
  });

  it('announces nothing without an outbox (the local runtime), for a skipped task, or for one still running', async () => {
    await announceTaskEnd(undefined, TASK, 'failed', () => {});
    const bus = await siteEventBus(OUTBOX);
    await announceTaskEnd(bus, TASK, 'skipped', () => {});
    await announceTaskEnd(bus, TASK, 'running', () => {});

    expect(await siteEventBus(undefined)).toBeUndefined();
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('logs a refused announcement and carries on: the exit still reports the task', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify({ errorMessage: 'outbox call: task.partyId is wrong' })),
    });
    const lines: string[] = [];

    await announceTaskEnd(await siteEventBus(OUTBOX), TASK, 'failed', (line) => lines.push(line));

    expect(lines).toEqual([
      `the task's end was not announced (its exit will report it): ${OUTBOX} failed: outbox call: task.partyId is wrong`,
    ]);
  });
});
