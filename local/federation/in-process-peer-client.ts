import { ConnectionError } from '../../functions/domain/errors.js';
import type {
  CommandName,
  FederatedMessage,
  FederationReceiver,
  PeerClient,
  PeerReply,
} from '../../functions/domain/ports/peer-client.js';

/**
 * Joins the sites of a local federation inside one process: a call goes straight to the
 * destination site's receiver. The message is copied through JSON on the way, as a wire would,
 * so no site ever shares an object with another. (The signed HTTPS client replaces this with the
 * Federation issue.)
 */
export class InProcessPeerClient implements PeerClient {
  constructor(private readonly receivers: ReadonlyMap<number, FederationReceiver>) {}

  async call<C extends CommandName>(message: FederatedMessage<C>): Promise<PeerReply> {
    const receiver = this.receivers.get(message.dest.partyId);
    if (receiver === undefined) {
      throw new ConnectionError(`party ${message.dest.partyId} is not part of this federation`);
    }
    const copy = JSON.parse(JSON.stringify(message)) as FederatedMessage;
    const reply = await receiver.receive(copy);
    return JSON.parse(JSON.stringify(reply)) as PeerReply;
  }
}
