import type { PartyRef } from '../../domain/job/roles.js';
import type {
  CommandName,
  FederatedMessage,
  FederationReceiver,
  PeerClient,
  PeerReply,
} from '../../domain/ports/peer-client.js';

export interface LoopbackPeerClientOptions {
  /** This site's party: a message addressed to it never leaves the site. */
  readonly partyId: number;
  /** How messages to every other party go out (signed HTTPS, or a relay). */
  readonly remote: PeerClient;
  /**
   * This site's receiver, asked for on each message: it is built from the services that hold this
   * client, so it cannot exist when the client is made.
   */
  readonly local: () => FederationReceiver;
}

/**
 * The one way services reach a party of a job: a message whose destination is this same site is
 * handed to this site's receiver (admitted, then received, as a peer's would be after its
 * signature is checked), any other goes through the remote client. Services therefore never build
 * a receiver themselves, and a site that plays two roles of a job talks to itself without a hop.
 */
export class LoopbackPeerClient implements PeerClient {
  constructor(private readonly options: LoopbackPeerClientOptions) {}

  async call<C extends CommandName>(message: FederatedMessage<C>): Promise<PeerReply> {
    if (message.dest.partyId !== this.options.partyId) return this.options.remote.call(message);
    const receiver = this.options.local();
    await receiver.admit(message);
    return receiver.receive(message);
  }

  /** Only the remote client has anything to get ready: this site's receiver is at hand. */
  prepare(dest: PartyRef): void {
    if (dest.partyId !== this.options.partyId) this.options.remote.prepare?.(dest);
  }
}
