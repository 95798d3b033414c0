import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Uint8ArrayBlobAdapter } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { InvokedFederationReceiver } from '../../../../functions/adapters/peers/invoked-federation-receiver.js';
import { loopbackAnswer, loopbackMessageOf } from '../../../../functions/adapters/peers/loopback-event.js';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';

const lambda = mockClient(LambdaClient);
const FEDERATION = 'arn:aws:lambda:eu-west-1:123456789012:function:fate-flow-9999-federation';
const MESSAGE: FederatedMessage<'task.start'> = {
  command: 'task.start',
  jobId: '202601011200000000001',
  src: { role: 'guest', partyId: 9999 },
  dest: { role: 'guest', partyId: 9999 },
  body: { component: 'psi_0', taskVersion: 1 },
};

const receiver = () =>
  new InvokedFederationReceiver(new LambdaClient({}), { functionArn: FEDERATION, clock: () => 1_700_000_000_000 });
const answer = (value: unknown, error?: string) => ({
  StatusCode: 200,
  ...(error === undefined ? {} : { FunctionError: error }),
  Payload: Uint8ArrayBlobAdapter.fromString(typeof value === 'string' ? value : JSON.stringify(value)),
});

afterEach(() => {
  lambda.reset();
});

describe("this site's receiver reached through its federation function", () => {
  it('invokes the federation function synchronously with the message as a loopback event, and returns its reply', async () => {
    lambda.on(InvokeCommand).resolves(answer(loopbackAnswer({ retcode: 0, retmsg: 'success', data: { started: 1 } })));

    expect(await receiver().receive(MESSAGE)).toEqual({ retcode: 0, retmsg: 'success', data: { started: 1 } });
    const calls = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(calls.map(({ FunctionName, InvocationType }) => [FunctionName, InvocationType])).toEqual([
      [FEDERATION, 'RequestResponse'],
    ]);
    const event: unknown = JSON.parse(new TextDecoder().decode(calls[0]?.Payload as Uint8Array));
    expect(Object.keys(event as object)).toEqual(['loopback']);
    expect(loopbackMessageOf(event)).toEqual(MESSAGE);
  });

  it('leaves admission to the federation function: admit invokes nothing', async () => {
    await receiver().admit(MESSAGE);
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
  });

  it("turns the function's error into a FederatedError naming the command, as an unreachable party's", async () => {
    lambda
      .on(InvokeCommand)
      .resolves(answer({ errorType: 'Error', errorMessage: 'DynamoDB unreachable' }, 'Unhandled'));

    await expect(receiver().receive(MESSAGE)).rejects.toMatchObject({
      name: 'FederatedError',
      retcode: 104,
      message: "this site's federation function failed task.start for guest 9999 (this site): DynamoDB unreachable",
    });
  });

  it('refuses an answer that is not a loopback answer', async () => {
    lambda
      .on(InvokeCommand)
      .resolvesOnce(answer({ statusCode: 200, body: 'AAAA' }))
      .resolvesOnce(answer('not json'));

    for (let i = 0; i < 2; i += 1) {
      await expect(receiver().receive(MESSAGE)).rejects.toMatchObject({
        name: 'FederatedError',
        message: "this site's federation function answered task.start for guest 9999 (this site) with no reply",
      });
    }
  });
});
