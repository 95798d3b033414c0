/**
 * The site's end of the word of stored transfers (runner/ipc-transfer-arrivals.ts): a value stored
 * for a task wakes that task's waiting `get` over its runner's IPC channel at once, instead of at
 * its next poll. The word comes from the site's own receiver (a peer's transfer) and from its
 * runners' loopbacks (a value one task of this site sent another).
 */
import type { ChildProcess } from 'node:child_process';
import type { TransferKey } from '../../functions/domain/ports/transfer-store.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { StoredTransfer } from '../../runner/context/transfer-arrivals.js';
import {
  isTransferStoredMessage,
  storedTransferOf,
  transferStoredMessage,
} from '../../runner/ipc-transfer-arrivals.js';

/** Whether a value under `key` is for `task`'s runner: its job, role and party. */
export function isAddressedTo(key: TransferKey, task: TaskKey): boolean {
  return key.jobId === task.jobId && key.dest.role === task.role && key.dest.partyId === task.partyId;
}

/**
 * Tells one runner that a part for its task was stored, handing it the part. A runner whose channel
 * closed, or closes while the word is written (EPIPE: it is exiting), is left alone: the callback
 * takes the error, which would otherwise be an 'error' event that fails the site.
 */
export function tellRunner(child: ChildProcess, stored: StoredTransfer): void {
  if (child.connected) child.send(transferStoredMessage(stored), () => undefined);
}

/**
 * Listens for the word `child` (the runner of `task`) sends of a part its loopback stored, and
 * hands it to `stored`. Only word of the runner's own sends is taken (this job, this task's role
 * and party as the sender): a runner cannot wake, or hand values to, the tasks of other jobs, nor
 * speak for another sender. (The part it hands on is the one it stored through the site's
 * receiver; a runner that lied about it could as well have sent those bytes in the first place.)
 */
export function hearStoredTransfers(child: ChildProcess, task: TaskKey, stored: (part: StoredTransfer) => void): void {
  child.on('message', (message: unknown) => {
    if (!isTransferStoredMessage(message)) return;
    if (message.jobId !== task.jobId || message.src.role !== task.role || message.src.partyId !== task.partyId) return;
    stored(storedTransferOf(message));
  });
}
