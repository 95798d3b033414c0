import { Agent, request } from 'node:https';
import { isIP } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';
import { FEDERATION_PATH, PROTOBUF_CONTENT_TYPE } from '../../federation/create-federation-handler.js';

/** A peer's HTTP answer to one attempt: its status and raw body. */
export interface PeerAnswer {
  readonly status: number;
  readonly body: Uint8Array;
}

/** A party as the transport needs it: its registry entry's id and endpoint. */
export interface PeerEndpoint {
  readonly partyId: number;
  readonly endpoint: string;
}

/** Where a signed envelope goes: the peer's federation endpoint, directly or through a relay. */
export interface PeerTransport {
  /**
   * POSTs `body` with `headers` (the signature headers, and a delegation certificate if any) to
   * the federation endpoint of `party` (a registry entry). Throws for a connection failure or a
   * timeout; any HTTP answer is returned as it is.
   */
  post(party: PeerEndpoint, body: Uint8Array, headers: Readonly<Record<string, string>>): Promise<PeerAnswer>;
  /**
   * Opens a connection to `party` for the next post to take, and returns at once: the TCP and TLS
   * handshakes then happen while the caller still computes what it will send, instead of on the
   * first message's path. Never throws; a connection that fails or closes first is just not used.
   * A transport without connections of its own (a relay) leaves it out.
   */
  connect?(party: PeerEndpoint): void;
  /** Releases kept-alive connections. */
  close(): void;
}

export interface HttpsTransportOptions {
  /** PEM of the CA(s) peers' certificates chain to; omitted: the system's public CAs. Verification is never off. */
  readonly ca?: string;
  /** Per attempt. @default 5000 */
  readonly timeoutMs?: number;
}

/** host:port, as the agent's connection options and a URL both give it. */
const addressOf = (host: string, port: number | string): string => `${host}:${port}`;

/**
 * A keep-alive agent that can be handed connections opened ahead (`open`): the next connection it
 * would create to the same address is the one opened, whatever state its handshake is in (a
 * TLS socket buffers what is written until it is secure). Same certificate checks as any other:
 * the socket is opened with the agent's CA and the server name the agent would give.
 */
class PreconnectingAgent extends Agent {
  private readonly opened = new Map<string, TLSSocket>();

  open(url: URL): void {
    const port = Number(url.port || 443);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const address = addressOf(host, port);
    if (this.opened.has(address)) return;
    const socket = connectTls({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(this.options.ca === undefined ? {} : { ca: this.options.ca }),
    });
    // Parked, it keeps no process alive; a post that takes it holds it as any request's socket.
    socket.unref();
    const forget = () => {
      if (this.opened.get(address) === socket) this.opened.delete(address);
    };
    // A failed or closed handshake leaves the address to an ordinary connection (and its error to that post).
    socket.once('error', forget);
    socket.once('close', forget);
    this.opened.set(address, socket);
  }

  override createConnection(
    options: Parameters<Agent['createConnection']>[0],
    callback?: Parameters<Agent['createConnection']>[1],
  ): ReturnType<Agent['createConnection']> {
    const address = addressOf(options.host ?? 'localhost', options.port ?? 443);
    const socket = this.opened.get(address);
    if (socket !== undefined && !socket.destroyed) {
      this.opened.delete(address);
      socket.ref();
      return socket;
    }
    return super.createConnection(options, callback);
  }

  override destroy(): void {
    for (const socket of this.opened.values()) socket.destroy();
    this.opened.clear();
    super.destroy();
  }
}

/** HTTPS straight to the peer's endpoint, with kept-alive connections, opened ahead on `connect`. */
export function httpsTransport(options: HttpsTransportOptions = {}): PeerTransport {
  const agent = new PreconnectingAgent({
    keepAlive: true,
    maxSockets: 32,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
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
    connect(party) {
      let url: URL;
      try {
        url = new URL(FEDERATION_PATH, party.endpoint);
      } catch {
        return; // A malformed endpoint is the post's to report.
      }
      if (url.protocol === 'https:') agent.open(url);
    },
    close() {
      agent.destroy();
    },
  };
}
