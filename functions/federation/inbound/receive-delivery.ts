import { type AppError, isAppError, RetCode } from '../../domain/errors.js';
import { senderMayCall } from '../../domain/federation/command-permissions.js';
import type { DeliveryStore } from '../../domain/ports/delivery-store.js';
import type { JobStore } from '../../domain/ports/job-store.js';
import type { CommandName, FederatedMessage, FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import { checkWebhookHeaders, DEFAULT_TOLERANCE_SECONDS } from '../../domain/signing/standard-webhooks.js';
import { verifySender } from '../../domain/signing/verify-sender.js';
import { type DecodedEnvelope, decodeEnvelope } from '../codec/index.js';
import type { PartyKeys } from './party-key-cache.js';

export interface InboundDeps {
  /** The party this site serves. */
  readonly partyId: number;
  /** The registered parties' keys, from memory (see party-key-cache.ts). */
  readonly partyKeys: PartyKeys;
  readonly deliveries: DeliveryStore;
  readonly jobs: Pick<JobStore, 'getJobHead'>;
  readonly receiver: FederationReceiver;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly maxBodyBytes: number;
}

export interface DeliveryOutcome {
  /** HTTP status: 200 for an answered message (whatever its retcode), 4xx for a refused one. */
  readonly status: number;
  readonly reply: PeerReply;
}

/**
 * The largest envelope a site takes. Commands are small (a job.create is a few KB); data-plane
 * payloads above this go through the object store as a reference.
 */
export const MAX_FEDERATION_BODY_BYTES = 1024 * 1024;

/**
 * The one answer to an unknown sender and to a bad signature alike, so that a caller who cannot
 * sign learns nothing about which parties or keys this site knows.
 */
export const CANNOT_AUTHENTICATE = 'cannot authenticate the sender';

/** A replayed webhook id is refused for twice the timestamp tolerance: after that the timestamp check refuses it. */
const WEBHOOK_MEMORY_MS = 2 * DEFAULT_TOLERANCE_SECONDS * 1000 + 60_000;
/** How long a message's answer is kept for the sender's retries (FATE retries for up to ~10 min). */
const REPLY_MEMORY_MS = 24 * 3600 * 1000;

const refusal = (status: number, retcode: number, retmsg: string): DeliveryOutcome => ({
  status,
  reply: { retcode, retmsg },
});
const unauthenticated = (retmsg: string) => refusal(401, RetCode.AUTHENTICATION_ERROR, retmsg);
const forbidden = (retmsg: string) => refusal(403, RetCode.PERMISSION_ERROR, retmsg);
const refusedWith = (error: AppError) => refusal(error.statusCode, error.retcode, error.message);

/**
 * One delivery to this site's federation endpoint. Every read-only check comes first, cheapest
 * first, and no table is read for a sender that has not proven who it is: body size; the
 * signature headers and a timestamp within ±300 s; a federation envelope with a well-formed job
 * id; a signature by one of the source party's keys (from memory); addressed to this site; then
 * the job's head (its initiator and parties) and a command the sender's role in the job may
 * send; then the receiver's own checks of the site's state. Only a message that passes all of
 * them is recorded (its webhook id, never seen before) and handed on, so a refused delivery
 * changes nothing of the job or the site — not even the sender's last contact (the site page's),
 * which is written while a message that passed runs. A message already answered (a sender's retry under a
 * new webhook id) gets the stored answer again: one effect per message (a `transfer`, a task's
 * start or report is run again instead, its effect its own memory: see keepsAnswer).
 */
export async function receiveDelivery(
  deps: InboundDeps,
  headers: Readonly<Record<string, string | undefined>>,
  body: Uint8Array,
): Promise<DeliveryOutcome> {
  if (body.byteLength > deps.maxBodyBytes) {
    return forbidden(`body of ${body.byteLength} bytes is over the ${deps.maxBodyBytes}-byte limit`);
  }
  const checked = checkWebhookHeaders({ headers, nowSeconds: Math.floor(deps.clock() / 1000) });
  if (!checked.ok) return unauthenticated(checked.message);
  let decoded: DecodedEnvelope;
  try {
    decoded = decodeEnvelope(body);
  } catch (error) {
    if (isAppError(error) && error.expose) return refusedWith(error);
    throw error;
  }
  const { message, messageId } = decoded;
  const sender = await signedBySource(deps, headers, body, message);
  if (!sender.ok) return unauthenticated(sender.message);
  if (message.dest.partyId !== deps.partyId) {
    return forbidden(`message for party ${message.dest.partyId} reached party ${deps.partyId}`);
  }
  const refused = await refusedForJob(deps, message);
  if (refused !== undefined) return refused;

  const now = deps.clock();
  const answerKept = keepsAnswer(message);
  // The replay guard is the one write and the last check; the stored answer is read beside it.
  const [remembered, answered] = await Promise.all([
    deps.deliveries.rememberWebhook(checked.id, now + WEBHOOK_MEMORY_MS),
    answerKept ? deps.deliveries.answeredReply(messageId) : undefined,
  ]);
  if (remembered === 'seen') {
    return forbidden(`webhook ${checked.id} was delivered before: refused as a replay`);
  }
  if (answered !== undefined) return { status: 200, reply: answered };
  // The receiver answers a refusal with a reply (refusal-reply.ts); what it throws is our own fault,
  // not stored, so the sender's retry runs the command again.
  // The proven sender's last contact (the site page's) is written while the command runs.
  const [reply] = await Promise.all([
    deps.receiver.receive(message),
    deps.partyKeys.recordContact(message.src.partyId, now),
  ]);
  if (!answerKept) return { status: 200, reply };
  return { status: 200, reply: await deps.deliveries.storeReply(messageId, reply, now + REPLY_MEMORY_MS) };
}

/**
 * Whether a message's answer is stored for the sender's retries. Not for the commands whose
 * effect is its own memory, so that one effect per message holds without it, and each is two
 * store requests lighter (the answer's read and its write):
 * - a `transfer`: a retry's identical part is taken again as already stored, and different bytes
 *   under its tag are refused (receive-transfer.ts) — on the data plane's every part;
 * - a `task.start`: the task's conditional claim launches it once, however often it arrives (a
 *   resumed workflow sends it again by design, receive-task-start.ts); a retry answers from the
 *   task's stored status;
 * - a `task.report`: the holder moves only along the transition table (the same status again
 *   changes nothing), and the settle it runs decides from what is stored, so a repeat settles
 *   nothing twice — the detector re-sends reports as new messages for the same reason.
 * The last two are on every stage's critical path, between two sites (docs/stage-overhead.md).
 */
const ANSWER_IS_ITS_EFFECT: ReadonlySet<CommandName> = new Set(['transfer', 'task.start', 'task.report']);
const keepsAnswer = (message: FederatedMessage): boolean => !ANSWER_IS_ITS_EFFECT.has(message.command);

/**
 * The signature by the source party's own key or by a key it delegated to one of its tasks
 * (verify-sender.ts), against its keys held in memory, reloaded once when they do not verify (a
 * party just added or re-keyed). Whatever does not prove the sender — unknown party, bad signature,
 * a certificate not signed by the party — gets one message, so a caller cannot tell which parties
 * exist; only a proven party's certificate that does not cover the message is refused by name.
 */
async function signedBySource(
  deps: InboundDeps,
  headers: Readonly<Record<string, string | undefined>>,
  body: Uint8Array,
  message: FederatedMessage,
): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }> {
  const nowSeconds = Math.floor(deps.clock() / 1000);
  const verify = (publicKeys: readonly string[] | undefined) =>
    publicKeys === undefined ? undefined : verifySender({ headers, body, message, publicKeys, nowSeconds });
  let verified = verify(await deps.partyKeys.publicKeys(message.src.partyId));
  if (verified === undefined || (!verified.ok && verified.reason !== 'delegation_refused')) {
    verified = verify(await deps.partyKeys.reloadedPublicKeys(message.src.partyId));
  }
  if (verified?.ok) return { ok: true };
  if (verified?.reason === 'delegation_refused') {
    return { ok: false, message: `party ${message.src.partyId}: ${verified.message}` };
  }
  return { ok: false, message: CANNOT_AUTHENTICATE };
}

/**
 * The checks against the job, for an authenticated sender: its part in the job as the job's head
 * records it (never a record that happens to sort first), then the receiver's read-only checks of
 * the site's state. Undefined when the message may go on.
 */
async function refusedForJob(deps: InboundDeps, message: FederatedMessage): Promise<DeliveryOutcome | undefined> {
  try {
    const permission = senderMayCall(message, await deps.jobs.getJobHead(message.jobId));
    if (!permission.ok) return forbidden(permission.reason);
    await deps.receiver.admit(message);
    return undefined;
  } catch (error) {
    if (isAppError(error) && error.expose) return refusedWith(error);
    throw error;
  }
}
