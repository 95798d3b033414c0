import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_RELAYED_BODY_BYTES } from '../../../../functions/adapters/runner-calls/contract.js';
import { lambdaDelegation } from '../../../../functions/adapters/runner-calls/delegation-client.js';
import { outboxEventBus, outboxTransport } from '../../../../functions/adapters/runner-calls/outbox-clients.js';
import { MAX_FEDERATION_BODY_BYTES } from '../../../../functions/federation/inbound/receive-delivery.js';

const lambda = mockClient(LambdaClient);
const DELEGATION = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-delegation';
const OUTBOX = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-runner-outbox';
const TASK = {
  jobId: '202601011200000000001',
  component: 'psi_0',
  taskVersion: 0,
  role: 'guest',
  partyId: 9999,
} as const;

const answer = (value: unknown, error?: string) => ({
  StatusCode: 200,
  ...(error === undefined ? {} : { FunctionError: error }),
  Payload: Uint8ArrayBlobAdapter.fromString(JSON.stringify(value)),
});
const invoked = () =>
  lambda
    .commandCalls(InvokeCommand)
    .map((call) => [
      call.args[0].input.FunctionName,
      JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)),
    ]);

afterEach(() => {
  lambda.reset();
});

describe("a runner's calls of its site's functions", () => {
  it('relays no more than a receiver takes', () => {
    expect(MAX_RELAYED_BODY_BYTES).toBe(MAX_FEDERATION_BODY_BYTES);
  });

  it('asks the delegation function with the task, its key and the launch ticket', async () => {
    lambda.on(InvokeCommand).resolves(answer({ certificate: 'v1.a.b', notAfter: 123 }));
    const request = lambdaDelegation(new LambdaClient({}), DELEGATION, TASK, 'ticket-1');

    expect(await request('whpk_key')).toEqual({ certificate: 'v1.a.b', notAfter: 123 });
    expect(invoked()).toEqual([[DELEGATION, { task: TASK, publicKey: 'whpk_key', ticket: 'ticket-1' }]]);
  });

  it("passes on the function's refusal, and refuses an answer of the wrong shape", async () => {
    const request = lambdaDelegation(new LambdaClient({}), DELEGATION, TASK, 'ticket-1');
    lambda
      .on(InvokeCommand)
      .resolvesOnce(answer({ errorMessage: 'the ticket is not the one' }, 'Unhandled'))
      .resolvesOnce(answer({ certificate: 7 }));
    await expect(request('whpk_key')).rejects.toThrow(`${DELEGATION} failed: the ticket is not the one`);
    await expect(request('whpk_key')).rejects.toThrow(`${DELEGATION} answered an unexpected shape`);
  });

  it('posts an envelope through the outbox by party id, and reads back the peer status and body', async () => {
    lambda.on(InvokeCommand).resolves(answer({ status: 401, body: Buffer.from([9, 9]).toString('base64') }));
    const transport = outboxTransport(new LambdaClient({}), OUTBOX);

    const reply = await transport.post(
      { partyId: 10000, endpoint: 'https://ignored.example.org' },
      Uint8Array.of(1, 2),
      { 'webhook-id': 'msg_1' },
    );
    expect(reply).toEqual({ status: 401, body: Uint8Array.of(9, 9) });
    expect(invoked()).toEqual([
      [OUTBOX, { kind: 'transfer', partyId: 10000, body: 'AQI=', headers: { 'webhook-id': 'msg_1' } }],
    ]);
  });

  it('announces only TaskEnded through the outbox', async () => {
    lambda.on(InvokeCommand).resolves(answer({}));
    const bus = outboxEventBus(new LambdaClient({}), OUTBOX);
    await bus.publish([{ type: 'TaskEnded', ...TASK, status: 'failed' }]);
    await expect(bus.publish([{ type: 'JobSubmitted', jobId: TASK.jobId }])).rejects.toThrow(
      "a runner announces only its task's end, not JobSubmitted",
    );
    expect(invoked()).toEqual([[OUTBOX, { kind: 'taskEnded', task: TASK, status: 'failed' }]]);
  });
});
