import { Agent, request } from 'node:https';
import { FEDERATION_PATH, PROTOBUF_CONTENT_TYPE } from '../../federation/create-federation-handler.js';

/** A peer's HTTP answer to one attempt: its status and raw body. */
export interface PeerAnswer {
  readonly status: number;
  readonly body: Uint8Array;
}

/** Where a signed envelope goes: the peer's federation endpoint, directly or through a relay. */
export interface PeerTransport {
  /**
   * POSTs `body` with `headers` (the signature headers, and a delegation certificate if any) to
   * the federation endpoint of `party` (a registry entry). Throws for a connection failure or a
   * timeout; any HTTP answer is returned as it is.
   */
  post(
    party: { readonly partyId: number; readonly endpoint: string },
    body: Uint8Array,
    headers: Readonly<Record<string, string>>,
  ): Promise<PeerAnswer>;
  /** Releases kept-alive connections. */
  close(): void;
}

export interface HttpsTransportOptions {
  /** PEM of the CA(s) peers' certificates chain to; omitted: the system's public CAs. Verification is never off. */
  readonly ca?: string;
  /** Per attempt. @default 5000 */
  readonly timeoutMs?: number;
}

/** HTTPS straight to the peer's endpoint, with kept-alive connections. */
export function httpsTransport(options: HttpsTransportOptions = {}): PeerTransport {
  const agent = new Agent({ keepAlive: true, maxSockets: 32, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    post(party, body, headers) {
      const url = new URL(FEDERATION_PATH, party.endpoint);
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            agent,
            headers: { ...headers, 'content-type': PROTOBUF_CONTENT_TYPE, 'content-length': String(body.byteLength) },
            signal: AbortSignal.timeout(timeoutMs),
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(chunks)) }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
