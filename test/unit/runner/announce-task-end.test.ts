import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { announceTaskEnd, siteEventBus } from '../../../runner/announce-task-end.js';
import { recordedLog } from '../../support/task-log.js';

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
    const log = recordedLog();

    await announceTaskEnd(await siteEventBus(OUTBOX), TASK, 'success', log);

    expect(payloads()).toEqual([[OUTBOX, { kind: 'taskEnded', task: TASK, status: 'success' }]]);
    expect(log.lines).toEqual([]);
  });

  it('announces nothing without an outbox (the local runtime), for a skipped task, or for one still running', async () => {
    const log = recordedLog();
    await announceTaskEnd(undefined, TASK, 'failed', log);
    const bus = await siteEventBus(OUTBOX);
    await announceTaskEnd(bus, TASK, 'skipped', log);
    await announceTaskEnd(bus, TASK, 'running', log);

    expect(await siteEventBus(undefined)).toBeUndefined();
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(log.lines).toEqual([]);
  });

  it('logs a refused announcement and carries on: the exit still reports the task', async () => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify({ errorMessage: 'outbox call: task.partyId is wrong' })),
    });
    const log = recordedLog();

    await announceTaskEnd(await siteEventBus(OUTBOX), TASK, 'failed', log);

    expect(log.lines).toEqual([
      {
        level: 'WARN',
        message: "the task's end was not announced (its exit will report it)",
        fields: { error: `${OUTBOX} failed: outbox call: task.partyId is wrong` },
      },
    ]);
  });
});
