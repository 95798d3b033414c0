/**
 * What the security tests send a site's federation endpoint: signed deliveries from registered
 * peers (a third one, 7777, with its own Ed25519 key, registered through the user API as an
 * operator would), and envelopes built by hand where the codec would refuse to encode them.
 */
import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { create, toBinary } from '@bufbuild/protobuf';
import { generateSigningKey } from '../../../functions/domain/signing/keys.js';
import { signWebhook } from '../../../functions/domain/signing/standard-webhooks.js';
import { type Envelope, EnvelopeSchema, Role } from '../../../proto/fateflow/federation/v1/federation_pb.js';
import type { RawDelivery } from '../../integration/federation/raw-delivery.js';
import type { TestFederation } from '../../support/local-federation.js';

export {
  deliver,
  type RawAnswer,
  type RawDelivery,
  signedDelivery,
} from '../../integration/federation/raw-delivery.js';

export const GUEST = 9999;
export const HOST = 10000;
/** A registered peer of both sites that plays no part in their jobs. */
export const OUTSIDER = 7777;

/** A peer's identity: its party id and its own signing key. */
export interface Peer {
  readonly partyId: number;
  readonly secretKey: string;
  readonly publicKey: string;
}

/** Registers a new peer with its own key at every site, through each site's `/v1/party/add`. */
export async function registerPeer(federation: TestFederation, partyId: number): Promise<Peer> {
  const { secretKey, publicKey } = generateSigningKey();
  for (const site of federation.sites) {
    const answer = await federation.post(site.partyId, '/v1/party/add', {
      party_id: partyId,
      endpoint: `https://127.0.0.1:9/party-${partyId}`,
      public_keys: [publicKey],
    });
    if (answer.retcode !== 0) throw new Error(`party ${partyId} not registered at ${site.partyId}: ${answer.retmsg}`);
  }
  return { partyId, secretKey, publicKey };
}

type EnvelopeInit = Exclude<MessageInitShape<typeof EnvelopeSchema>, Envelope>;

/**
 * An envelope's bytes as a hostile sender could write them: protobuf without the codec's checks
 * (which would refuse to encode what the tests send). A job.clean from guest 9999 to host 10000
 * unless `fields` says otherwise.
 */
export function handmadeEnvelope(fields: EnvelopeInit): Uint8Array {
  return toBinary(
    EnvelopeSchema,
    create(EnvelopeSchema, {
      messageId: randomUUID(),
      source: { role: Role.GUEST, partyId: BigInt(GUEST) },
      destination: { role: Role.HOST, partyId: BigInt(HOST) },
      createdTimeMs: BigInt(Date.now()),
      command: { case: 'jobClean', value: {} },
      ...fields,
    }),
  );
}

/** Signs any body as a sender with these keys would: valid headers, a fresh webhook id. */
export function signedBody(body: Uint8Array, secretKeys: readonly string[]): RawDelivery {
  const headers = signWebhook({ id: randomUUID(), timestamp: Math.floor(Date.now() / 1000), body, secretKeys });
  return { body, headers: { ...headers } };
}
