import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:https';
import { FederatedError, RetCode } from '../../domain/errors.js';
import type { PartyStore } from '../../domain/ports/party-store.js';
import type { CommandName, FederatedMessage, PeerClient, PeerReply } from '../../domain/ports/peer-client.js';
import { signWebhook } from '../../domain/signing/standard-webhooks.js';
import { decodeReply, encodeEnvelope } from '../../federation/codec/index.js';
import { FEDERATION_PATH, PROTOBUF_CONTENT_TYPE } from '../../federation/create-federation-handler.js';

export interface SignedPeerClientOptions {
  readonly parties: PartyStore;
  /** This site's `whsk_` keys: every one signs (several during a rotation). */
  readonly signingKeys: () => Promise<readonly string[]>;
  /** PEM of the CA(s) peers' certificates chain to; omitted: the system's public CAs. Verification is never off. */
  readonly ca?: string;
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
}

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Calls a peer's federation endpoint over HTTPS: the envelope as protobuf, signed per Standard
 * Webhooks v1a. One message id per call (the receiver's idempotency key); a fresh webhook id per
 * attempt (the receiver's replay guard). Timeouts, connection failures and 5xx are retried with
 * exponential backoff and jitter; a 4xx is the peer's answer and is returned at once. When
 * every attempt fails the call throws a FederatedError naming the party.
 */
export class SignedPeerClient implements PeerClient {
  private readonly agent: Agent;
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SignedPeerClientOptions) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 32,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  async call<C extends CommandName>(message: FederatedMessage<C>): Promise<PeerReply> {
    const { partyId } = message.dest;
    const party = await this.options.parties.getParty(partyId);
    if (party === undefined) {
      return { retcode: RetCode.FEDERATED_ERROR, retmsg: `party ${partyId} is not in this site's party registry` };
    }
    const messageId = randomUUID();
    const body = encodeEnvelope({ ...message, messageId, createdTime: this.clock() });
    const secretKeys = await this.options.signingKeys();
    const url = new URL(FEDERATION_PATH, party.endpoint);
    const attempts = this.options.maxAttempts ?? 6;
    let lastProblem = '';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await this.backoff(attempt - 1);
      const headers = signWebhook({
        id: `${messageId}_${attempt}`,
        timestamp: Math.floor(this.clock() / 1000),
        body,
        secretKeys,
      });
      try {
        const answer = await this.post(url, body, headers);
        if (answer.status < 500) return decodeReply(new Uint8Array(answer.body));
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

  /** Releases the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private backoff(retry: number): Promise<void> {
    const ceiling = Math.min(this.options.maxDelayMs ?? 4000, (this.options.baseDelayMs ?? 250) * 2 ** (retry - 1));
    // Equal jitter: at least half the ceiling, so the retries of a call span a known minimum
    // (≈3.9 s over 6 attempts by default) while parallel callers still spread out.
    return new Promise((resolve) => setTimeout(resolve, Math.round(ceiling / 2 + (this.random() * ceiling) / 2)));
  }

  private post(url: URL, body: Uint8Array, headers: Readonly<Record<string, string>>): Promise<Answer> {
    const timeoutMs = this.options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-type': PROTOBUF_CONTENT_TYPE, 'content-length': String(body.byteLength) },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
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
