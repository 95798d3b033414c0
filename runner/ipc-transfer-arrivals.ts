/**
 * Word of stored transfers over a local runner's IPC channel to its site (the channel the
 * delegation already uses): the site tells a runner when a value for its task was stored
 * (local/launcher/transfer-wakeups.ts), and a runner tells the site when its loopback stored one
 * for another task of the site (host → arbiter of one party), for the site to pass on. Only a
 * hint for `get` (context/transfer-arrivals.ts): the store stays the truth.
 */
import type { PartyRef } from '../functions/domain/job/roles.js';
import type { TransferKey } from '../functions/domain/ports/transfer-store.js';
import { TransferArrivalSignal } from './context/transfer-arrivals.js';

export const TRANSFER_STORED_MESSAGE = 'fate-flow-transfer-stored';

export interface TransferStoredMessage extends TransferKey {
  readonly type: typeof TRANSFER_STORED_MESSAGE;
}

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
    isParty(candidate.dest)
  );
}

export function transferStoredMessage(key: TransferKey): TransferStoredMessage {
  return {
    type: TRANSFER_STORED_MESSAGE,
    jobId: key.jobId,
    src: { role: key.src.role, partyId: key.src.partyId },
    dest: { role: key.dest.role, partyId: key.dest.partyId },
    tag: key.tag,
  };
}

/**
 * The runner's arrivals, fed by the site's word on `channel`; undefined when the process has no
 * IPC channel (a Fargate task, or a runner started by hand), where `get` polls instead.
 */
export function ipcTransferArrivals(channel: NodeJS.Process = process): TransferArrivalSignal | undefined {
  if (channel.send === undefined) return undefined;
  const signal = new TransferArrivalSignal();
  channel.on('message', (message: unknown) => {
    if (isTransferStoredMessage(message)) signal.arrived(message);
  });
  // Listening must not keep a finished runner alive (entry.ts exits explicitly anyway).
  channel.channel?.unref();
  return signal;
}

/** Tells the site that this runner stored a value for another task of the site. */
export function announceStoredTransfer(key: TransferKey, channel: NodeJS.Process = process): void {
  // A closed channel (the site is gone) leaves the addressee to its poll; the callback takes a
  // failed write, which would otherwise be an 'error' event that fails the task.
  if (channel.connected === true) channel.send?.(transferStoredMessage(key), undefined, {}, () => undefined);
}
