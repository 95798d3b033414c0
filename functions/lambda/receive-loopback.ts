import { type LoopbackAnswer, loopbackAnswer, loopbackMessageOf } from '../adapters/peers/loopback-event.js';
import type { FederationReceiver } from '../domain/ports/peer-client.js';
import { replyOrRefusal } from '../federation/inbound/refusal-reply.js';

/**
 * A message this site's other functions sent to this site itself (invoked-federation-receiver.ts):
 * admitted, then received, as LoopbackPeerClient does in process. A refusal of admission is the
 * message's answer, as a peer's refused delivery is; a malformed event, or a fault of ours, is
 * thrown (the invoker sees a function error).
 */
export async function receiveLoopback(receiver: FederationReceiver, event: unknown): Promise<LoopbackAnswer> {
  const message = loopbackMessageOf(event);
  return loopbackAnswer(
    await replyOrRefusal(async () => {
      await receiver.admit(message);
      return receiver.receive(message);
    }),
  );
}
