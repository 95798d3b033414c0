import { isAppError } from '../../../functions/domain/errors.js';
import type {
  CommandName,
  FederatedMessage,
  FederationReceiver,
  PeerClient,
  PeerReply,
} from '../../../functions/domain/ports/peer-client.js';

/** One message that went from a site to another party's site, and what came of it. */
export interface Delivery {
  readonly from: number;
  readonly message: FederatedMessage;
  /** The message did not get through. */
  readonly lost: boolean;
  /** The reply, once the receiver has answered (logged when sent, so in the order sent). */
  reply?: PeerReply;
}

/**
 * The wire between fake sites: each site's remote peer client hands a message to the addressed
 * party's receiver (admitted, then received, as the federation endpoint does once the signature
 * is checked). A party cut off, or a message dropped, fails as an unreachable peer does — the
 * signed client throws after its retries — and reaches nothing.
 */
export class FakeNetwork {
  readonly deliveries: Delivery[] = [];
  private readonly receivers = new Map<number, () => FederationReceiver>();
  private readonly cut = new Set<number>();
  private readonly drops: Array<(message: FederatedMessage, from: number) => boolean> = [];

  /** The site of `partyId` receives through `receiver` (asked for at each message). */
  attach(partyId: number, receiver: () => FederationReceiver): void {
    this.receivers.set(partyId, receiver);
  }

  /** Messages to and from the party no longer get through. */
  isolate(partyId: number): void {
    this.cut.add(partyId);
  }

  reconnect(partyId: number): void {
    this.cut.delete(partyId);
  }

  /** Messages that match are lost until `keepAll`. */
  drop(when: (message: FederatedMessage, from: number) => boolean): void {
    this.drops.push(when);
  }

  keepAll(): void {
    this.drops.length = 0;
  }

  /** The remote client of the site of `from`. */
  clientOf(from: number): PeerClient {
    return { call: (message) => this.deliver(from, message) };
  }

  /** `<command> <from> → <dest role> <dest party>` of every delivery, in order (a lost one marked). */
  log(filter: (delivery: Delivery) => boolean = () => true): string[] {
    return this.deliveries
      .filter(filter)
      .map(
        (d) =>
          `${d.message.command} ${d.from} → ${d.message.dest.role} ${d.message.dest.partyId}${d.lost ? ' (lost)' : ''}`,
      );
  }

  private async deliver<C extends CommandName>(from: number, message: FederatedMessage<C>): Promise<PeerReply> {
    const dest = message.dest.partyId;
    const receiver = this.receivers.get(dest);
    const lost = this.cut.has(dest) || this.cut.has(from) || this.drops.some((when) => when(message, from));
    const delivery: Delivery = { from, message, lost: receiver === undefined || lost };
    this.deliveries.push(delivery);
    if (receiver === undefined || lost) {
      throw new Error(`connect ECONNREFUSED: party ${dest} is unreachable from party ${from}`);
    }
    const site = receiver();
    let reply: PeerReply;
    try {
      await site.admit(message);
      reply = await site.receive(message);
    } catch (error) {
      // The endpoint answers a refusal as a FATE reply, as the signed client hands it back.
      if (!isAppError(error)) throw error;
      reply = { retcode: error.retcode, retmsg: error.message };
    }
    delivery.reply = reply;
    return reply;
  }
}
