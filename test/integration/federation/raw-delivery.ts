import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { FederatedMessage, PeerReply } from '../../../functions/domain/ports/peer-client.js';
import { signWebhook } from '../../../functions/domain/signing/standard-webhooks.js';
import { decodeReply, encodeEnvelope } from '../../../functions/federation/codec/index.js';
import type { TestFederation } from '../../support/local-federation.js';

/** A delivery to a site's federation endpoint, built by hand so that tests can tamper with any part. */
export interface RawDelivery {
  readonly body: Uint8Array;
  readonly headers: Record<string, string>;
}

export interface RawAnswer {
  readonly status: number;
  readonly reply: PeerReply;
}

export async function signedDelivery(
  federation: TestFederation,
  message: FederatedMessage,
  options: {
    readonly signAs?: number;
    readonly secretKeys?: readonly string[];
    readonly timestamp?: number;
    readonly messageId?: string;
  } = {},
): Promise<RawDelivery> {
  const messageId = options.messageId ?? randomUUID();
  const body = encodeEnvelope({ ...message, messageId, createdTime: Date.now() });
  const secretKeys =
    options.secretKeys ??
    (await federation.site(options.signAs ?? message.src.partyId).services.signingKeys.secretKeys());
  const headers = signWebhook({
    id: `${messageId}_${randomUUID().slice(0, 8)}`,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    body,
    secretKeys,
  });
  return { body, headers: { ...headers } };
}

/** POSTs over HTTPS, trusting only the federation's CA, as a peer would. */
export function deliver(federation: TestFederation, partyId: number, delivery: RawDelivery): Promise<RawAnswer> {
  const ca = readFileSync(join(federation.dataDir, 'ca', 'cert.pem'), 'utf8');
  const url = new URL('/v1/federation', federation.site(partyId).federationUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca,
        headers: {
          ...delivery.headers,
          'content-type': 'application/x-protobuf',
          'content-length': String(delivery.body.byteLength),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, reply: decodeReply(new Uint8Array(Buffer.concat(chunks))) }),
        );
      },
    );
    req.on('error', reject);
    req.end(delivery.body);
  });
}
