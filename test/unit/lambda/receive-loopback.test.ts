import { describe, expect, it } from '@jest/globals';
import {
  isLoopbackEvent,
  loopbackEvent,
  replyOfLoopbackAnswer,
} from '../../../functions/adapters/peers/loopback-event.js';
import { NotFoundError } from '../../../functions/domain/errors.js';
import type { FederatedMessage, FederationReceiver, PeerReply } from '../../../functions/domain/ports/peer-client.js';
import { receiveLoopback } from '../../../functions/lambda/receive-loopback.js';
import { apiEvent } from '../api/support/api-events.js';

const MESSAGE: FederatedMessage<'job.status'> = {
  command: 'job.status',
  jobId: '202601011200000000001',
  src: { role: 'guest', partyId: 9999 },
  dest: { role: 'host', partyId: 9999 },
  body: { status: 'success' },
};

/** A receiver that records what it was handed, refusing admission when told to. */
function recordingReceiver(refuse?: Error): { receiver: FederationReceiver; seen: string[] } {
  const seen: string[] = [];
  const receiver: FederationReceiver = {
    async admit(message) {
      seen.push(`admit ${message.command}`);
      if (refuse !== undefined) throw refuse;
    },
    async receive(message): Promise<PeerReply> {
      seen.push(`receive ${message.command} for ${message.dest.role} ${message.dest.partyId}`);
      return { retcode: 0, retmsg: 'success' };
    },
  };
  return { receiver, seen };
}

describe("the federation function's loopback events", () => {
  it('admits, then receives, the message of a loopback event and answers its reply', async () => {
    const { receiver, seen } = recordingReceiver();
    const answer = await receiveLoopback(
      receiver,
      loopbackEvent(MESSAGE, () => 1_700_000_000_000),
    );
    expect(replyOfLoopbackAnswer(answer)).toEqual({ retcode: 0, retmsg: 'success' });
    expect(seen).toEqual(['admit job.status', 'receive job.status for host 9999']);
  });

  it("answers an admission's refusal as the message's reply, receiving nothing", async () => {
    const { receiver, seen } = recordingReceiver(
      new NotFoundError('job 202601011200000000001 not found at party 9999'),
    );
    const answer = await receiveLoopback(
      receiver,
      loopbackEvent(MESSAGE, () => 1_700_000_000_000),
    );
    expect(replyOfLoopbackAnswer(answer)).toEqual({
      retcode: 101,
      retmsg: 'job 202601011200000000001 not found at party 9999',
    });
    expect(seen).toEqual(['admit job.status']);
  });

  it('refuses a loopback event whose envelope is malformed, naming it, before any admission', async () => {
    const { receiver, seen } = recordingReceiver();
    await expect(receiveLoopback(receiver, { loopback: 'AAAA' })).rejects.toMatchObject({ name: 'ArgumentError' });
    await expect(receiveLoopback(receiver, { loopback: 7 })).rejects.toThrow(/^loopback event: /);
    expect(seen).toEqual([]);
  });

  it('never takes an API Gateway event for one, even with a `loopback` key in its JSON body', () => {
    const smuggled = apiEvent({
      method: 'POST',
      path: '/v1/federation',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(loopbackEvent(MESSAGE, () => 1_700_000_000_000)),
    });
    expect(isLoopbackEvent(smuggled)).toBe(false);
    // Nor one that has the key at the top level beside API Gateway's own fields.
    expect(isLoopbackEvent({ ...smuggled, loopback: 'AAAA' })).toBe(false);
    expect(isLoopbackEvent(loopbackEvent(MESSAGE, () => 1_700_000_000_000))).toBe(true);
  });
});
