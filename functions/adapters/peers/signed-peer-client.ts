import { randomUUID } from 'node:crypto';
import { FederatedError, RetCode } from '../../domain/errors.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { PartyStore } from '../../domain/ports/party-store.js';
import type { CommandName, FederatedMessage, PeerClient, PeerReply } from '../../domain/ports/peer-client.js';
import { DELEGATION_HEADER } from '../../domain/signing/delegation.js';
import { signWebhook } from '../../domain/signing/standard-webhooks.js';
import { decodeReply, encodeEnvelope } from '../../federation/codec/index.js';
import { httpsTransport, type PeerTransport } from './peer-transport.js';

/** A runner's delegated key: it signs instead of the site's keys, its certificate travels beside. */
export interface DelegatedKey {
  /** The runner's ephemeral `whsk_` key. */
  readonly secretKey: string;
  /** Its certificate (domain/signing/delegation.ts), sent in the DELEGATION_HEADER. */
  readonly certificate: string;
}

/** Who signs: the site's own keys (the sites), or a task's delegated key (a runner). */
type Signer =
  | {
      /** This site's `whsk_` keys: every one signs (several during a rotation). */
      readonly signingKeys: () => Promise<readonly string[]>;
      readonly delegatedKey?: never;
    }
  | {
      /** Asked before every call, so that a renewed certificate is picked up. */
      readonly delegatedKey: () => Promise<DelegatedKey>;
      readonly signingKeys?: never;
    };

export type SignedPeerClientOptions = Signer & {
  /** Where each message's destination is looked up (its endpoint). */
  readonly parties: Pick<PartyStore, 'getParty'>;
  /** PEM of the CA(s) peers' certificates chain to; omitted: the system's public CAs. Verification is never off. */
  readonly ca?: string;
  /** How envelopes reach the peer. @default HTTPS to the registry's endpoint (httpsTransport) */
  readonly transport?: PeerTransport;
  /** Per attempt. @default 5000 */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** First backoff ceiling; doubles each retry; the wait is half of it plus a random half. @default 250 */
  readonly baseDelayMs?: number;
  /** @default 4000 */
  readonly maxDelayMs?: number;
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** @default Math.random */
  readonly random?: () => number;
};

/** An answer worth another attempt: the peer's own fault, or its gateway's throttle. */
const isRetried = (status: number): boolean => status >= 500 || status === 429;

/**
 * Calls a peer's federation endpoint over HTTPS: the envelope as protobuf, signed per Standard
 * Webhooks v1a. One message id per call (the receiver's idempotency key); a fresh webhook id per
 * attempt (the receiver's replay guard). Timeouts, connection failures, 5xx and 429 (the peer's
 * gateway throttling) are retried with exponential backoff and jitter; any other 4xx is the peer's
 * answer and is returned at once. When every attempt fails the call throws a FederatedError
 * naming the party.
 */
export class SignedPeerClient implements PeerClient {
  private readonly transport: PeerTransport;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SignedPeerClientOptions) {
    this.transport =
      options.transport ??
      httpsTransport({
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  async call<C extends CommandName>(message: FederatedMessage<C>): Promise<PeerReply> {
    const { partyId } = message.dest;
    // The keys are asked for while the party is looked up: each may be a read (the key store, the
    // registry), and a call is on a stage's path. A party not registered is answered as before,
    // whatever the signer says.
    const signing = this.signer();
    signing.catch(() => undefined);
    const party = await this.options.parties.getParty(partyId);
    if (party === undefined) {
      return { retcode: RetCode.FEDERATED_ERROR, retmsg: `party ${partyId} is not in this site's party registry` };
    }
    const { secretKeys, extraHeaders } = await signing;
    const messageId = randomUUID();
    const body = encodeEnvelope({ ...message, messageId, createdTime: this.clock() });
    const attempts = this.options.maxAttempts ?? 6;
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await this.backoff(attempt - 1);
      const headers = {
        ...signWebhook({ id: `${messageId}_${attempt}`, timestamp: Math.floor(this.clock() / 1000), body, secretKeys }),
        ...extraHeaders,
      };
      try {
        const answer = await this.transport.post(party, body, headers);
        if (!isRetried(answer.status)) return decodeReply(answer.body);
        lastProblem = `HTTP ${answer.status}`;
      } catch (error) {
        lastProblem = describeFailure(error);
      }
    }
    throw new FederatedError(
      `party ${partyId} (${message.dest.role}) did not answer ${message.command} after ${attempts} attempts: ${lastProblem}`,
      {
        details: { partyId, command: message.command },
      },
    );
  }

  /**
   * Asks for the signing keys (a runner's: its delegated key, certified by its site) and `dest`'s
   * registry entry now, then has the transport open a connection to it; their sources keep them
   * (delegated-key.ts, recent-parties.ts), so the first call to `dest` finds them, and its
   * connection, instead of waiting for them. Failures are left to that call.
   */
  prepare(dest: PartyRef): void {
    this.signer().catch(() => undefined);
    this.options.parties.getParty(dest.partyId).then(
      (party) => {
        if (party !== undefined) this.transport.connect?.(party);
      },
      () => undefined,
    );
  }

  /** Releases the kept-alive connections. */
  close(): void {
    this.transport.close();
  }

  private async signer(): Promise<{ secretKeys: readonly string[]; extraHeaders: Record<string, string> }> {
    if (this.options.delegatedKey === undefined)
      return { secretKeys: await this.options.signingKeys(), extraHeaders: {} };
    const { secretKey, certificate } = await this.options.delegatedKey();
    return { secretKeys: [secretKey], extraHeaders: { [DELEGATION_HEADER]: certificate } };
  }

  private backoff(retry: number): Promise<void> {
    const ceiling = Math.min(this.options.maxDelayMs ?? 4000, (this.options.baseDelayMs ?? 250) * 2 ** (retry - 1));
    // Equal jitter: at least half the ceiling, so the retries of a call span a known minimum
    // (≈3.9 s over 6 attempts by default) while parallel callers still spread out.
    return new Promise((resolve) => setTimeout(resolve, Math.round(ceiling / 2 + (this.random() * ceiling) / 2)));
  }
}

/** A connection failure in a few words: Node's code (ECONNREFUSED, …) is the useful part. */
function describeFailure(error: unknown): string {
  // Duck-typed, not `instanceof Error`: Node's own errors may come from another realm (a VM context).
  const { name, message, code } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as Partial<NodeJS.ErrnoException>;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  return message || code || name || String(error);
}
