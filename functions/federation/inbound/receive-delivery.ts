import { isAppError, RetCode } from '../../domain/errors.js';
import { senderMayCall } from '../../domain/federation/command-permissions.js';
import type { DeliveryStore } from '../../domain/ports/delivery-store.js';
import type { JobStore } from '../../domain/ports/job-store.js';
import type { PartyStore } from '../../domain/ports/party-store.js';
import type { FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../domain/signing/standard-webhooks.js';
import { verifySender } from '../../domain/signing/verify-sender.js';
import { type DecodedEnvelope, decodeEnvelope } from '../codec/index.js';

export interface InboundDeps {
  /** The party this site serves. */
  readonly partyId: number;
  readonly parties: PartyStore;
  readonly deliveries: DeliveryStore;
  readonly jobs: JobStore;
  readonly receiver: FederationReceiver;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly maxBodyBytes: number;
}

export interface DeliveryOutcome {
  /** HTTP status: 200 for an answered message (whatever its retcode), 401/403 for a refused one. */
  readonly status: number;
  readonly reply: PeerReply;
}

/**
 * The largest envelope a site takes. Commands are small (a job.create is a few KB); data-plane
 * payloads above this go through the object store as a reference.
 */
export const MAX_FEDERATION_BODY_BYTES = 1024 * 1024;

/** A replayed webhook id is refused for twice the timestamp tolerance: after that the timestamp check refuses it. */
const WEBHOOK_MEMORY_MS = 2 * DEFAULT_TOLERANCE_SECONDS * 1000 + 60_000;
/** How long a message's answer is kept for the sender's retries (FATE retries for up to ~10 min). */
const REPLY_MEMORY_MS = 24 * 3600 * 1000;

const unauthenticated = (retmsg: string): DeliveryOutcome => ({
  status: 401,
  reply: { retcode: RetCode.AUTHENTICATION_ERROR, retmsg },
});
const forbidden = (retmsg: string): DeliveryOutcome => ({
  status: 403,
  reply: { retcode: RetCode.PERMISSION_ERROR, retmsg },
});

/**
 * One delivery to this site's federation endpoint. Every read-only check comes first, in order —
 * body size; a federation envelope; a known source party; a valid signature by one of its keys;
 * a timestamp within ±300 s; addressed to this site; a command the sender's role in the job may
 * send — and only a message that passes all of them is recorded (its webhook id, never seen
 * before) and handed on. A refused delivery changes nothing. A message already answered (a
 * sender's retry under a new webhook id) gets the stored answer again: one effect per message.
 */
export async function receiveDelivery(
  deps: InboundDeps,
  headers: Readonly<Record<string, string | undefined>>,
  body: Uint8Array,
): Promise<DeliveryOutcome> {
  if (body.byteLength > deps.maxBodyBytes) {
    return forbidden(`body of ${body.byteLength} bytes is over the ${deps.maxBodyBytes}-byte limit`);
  }
  let decoded: DecodedEnvelope;
  try {
    decoded = decodeEnvelope(body);
  } catch (error) {
    return unauthenticated(`cannot authenticate: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { message, messageId } = decoded;
  // Both reads at once (each delivery pays them; they are on every stage's critical path). The job
  // records are read before the signature is checked, but nothing is written or answered from them
  // until it is.
  const [party, records] = await Promise.all([
    deps.parties.getParty(message.src.partyId),
    deps.jobs.getJobRecords(message.jobId),
  ]);
  if (party === undefined) return unauthenticated(`unknown party ${message.src.partyId}`);
  // The party's own key, or a key it delegated to one of its tasks for this transfer.
  const verified = verifySender({
    headers,
    body,
    message,
    publicKeys: party.publicKeys,
    nowSeconds: Math.floor(deps.clock() / 1000),
  });
  if (!verified.ok) return unauthenticated(`party ${party.partyId}: ${verified.message}`);
  if (message.dest.partyId !== deps.partyId) {
    return forbidden(`message for party ${message.dest.partyId} reached party ${deps.partyId}`);
  }
  const initiator = records[0];
  const permission = senderMayCall(
    message,
    initiator && {
      initiator: { role: initiator.initiatorRole, partyId: initiator.initiatorPartyId },
      roles: initiator.roles,
    },
  );
  if (!permission.ok) return forbidden(permission.reason);

  const now = deps.clock();
  // The replay guard is the one write and the last check; the stored answer is read beside it.
  const [remembered, answered] = await Promise.all([
    deps.deliveries.rememberWebhook(verified.id, now + WEBHOOK_MEMORY_MS),
    deps.deliveries.answeredReply(messageId),
  ]);
  if (remembered === 'seen') {
    return forbidden(`webhook ${verified.id} was delivered before: refused as a replay`);
  }
  if (answered !== undefined) return { status: 200, reply: answered };
  let reply: PeerReply;
  try {
    reply = await deps.receiver.receive(message);
  } catch (error) {
    // Our own fault: not stored, so the sender's retry runs the command again.
    if (isAppError(error) && error.expose)
      return { status: 200, reply: { retcode: error.retcode, retmsg: error.message } };
    throw error;
  }
  return { status: 200, reply: await deps.deliveries.storeReply(messageId, reply, now + REPLY_MEMORY_MS) };
}
