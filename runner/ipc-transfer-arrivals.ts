/**
 * Word of stored transfers over a local runner's IPC channel to its site (the channel the
 * delegation already uses): the site tells a runner when a value for its task was stored
 * (local/launcher/transfer-wakeups.ts), and a runner tells the site when its loopback stored one
 * for another task of the site (host → arbiter of one party), for the site to pass on. The word
 * carries the part it announces, just as it was stored, so that the addressee's `get` need not
 * read it back from the store (context/transfer-arrivals.ts): the same bytes, from the process
 * that wrote them, without a store query and its response on both sides of the site's store.
 */
import type { PartyRef } from '../functions/domain/job/roles.js';
import type { TransferKey } from '../functions/domain/ports/transfer-store.js';
import { type StoredTransfer, TransferArrivalSignal } from './context/transfer-arrivals.js';

export const TRANSFER_STORED_MESSAGE = 'fate-flow-transfer-stored';

export interface TransferStoredMessage extends TransferKey {
  readonly type: typeof TRANSFER_STORED_MESSAGE;
  /** The stored part, when the word carries it (IPC messages are JSON: its bytes in base64). */
  readonly part?: { readonly index: number; readonly count: number; readonly base64: string };
}

const isCarriedPart = (value: unknown): boolean => {
  const part = value as Partial<NonNullable<TransferStoredMessage['part']>> | null;
  return (
    Number.isInteger(part?.index) &&
    Number.isInteger(part?.count) &&
    (part?.index ?? 0) >= 1 &&
    (part?.index ?? 0) <= (part?.count ?? 0) &&
    typeof part?.base64 === 'string'
  );
};

const isParty = (value: unknown): value is PartyRef => {
  const party = value as Partial<PartyRef> | null;
  return typeof party?.role === 'string' && typeof party.partyId === 'number';
};

/** A well-formed word of a stored transfer, whoever sent it. */
export function isTransferStoredMessage(message: unknown): message is TransferStoredMessage {
  const candidate = message as Partial<TransferStoredMessage> | null;
  return (
    candidate?.type === TRANSFER_STORED_MESSAGE &&
    typeof candidate.jobId === 'string' &&
    typeof candidate.tag === 'string' &&
    isParty(candidate.src) &&
    isParty(candidate.dest) &&
    (candidate.part === undefined || isCarriedPart(candidate.part))
  );
}

export function transferStoredMessage(stored: StoredTransfer): TransferStoredMessage {
  return {
    type: TRANSFER_STORED_MESSAGE,
    jobId: stored.jobId,
    src: { role: stored.src.role, partyId: stored.src.partyId },
    dest: { role: stored.dest.role, partyId: stored.dest.partyId },
    tag: stored.tag,
    ...('bytes' in stored
      ? { part: { index: stored.index, count: stored.count, base64: Buffer.from(stored.bytes).toString('base64') } }
      : {}),
  };
}

/** The part or key a well-formed word announces. */
export function storedTransferOf(message: TransferStoredMessage): StoredTransfer {
  const key: TransferKey = { jobId: message.jobId, src: message.src, dest: message.dest, tag: message.tag };
  const { part } = message;
  if (part === undefined) return key;
  return { ...key, index: part.index, count: part.count, bytes: new Uint8Array(Buffer.from(part.base64, 'base64')) };
}

/**
 * The runner's arrivals, fed by the site's word on `channel`; undefined when the process has no
 * IPC channel (a Fargate task, or a runner started by hand), where `get` polls instead.
 */
export function ipcTransferArrivals(channel: NodeJS.Process = process): TransferArrivalSignal | undefined {
  if (channel.send === undefined) return undefined;
  const signal = new TransferArrivalSignal();
  channel.on('message', (message: unknown) => {
    if (isTransferStoredMessage(message)) signal.arrived(storedTransferOf(message));
  });
  // Listening must not keep a finished runner alive (entry.ts exits explicitly anyway).
  channel.channel?.unref();
  return signal;
}

/** Tells the site that this runner stored a part for another task of the site, handing it the part. */
export function announceStoredTransfer(stored: StoredTransfer, channel: NodeJS.Process = process): void {
  // A closed channel (the site is gone) leaves the addressee to its poll; the callback takes a
  // failed write, which would otherwise be an 'error' event that fails the task.
  if (channel.connected === true) channel.send?.(transferStoredMessage(stored), undefined, {}, () => undefined);
}
