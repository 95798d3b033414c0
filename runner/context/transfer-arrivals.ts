/**
 * Word that a transferred value may have been stored for one of this task's `get`s, so that a
 * waiting `get` looks at the store at once instead of at its next poll. A hint only: the store
 * stays the truth, and a lost or false word costs at most one poll's wait or one extra read.
 */
import type { TransferKey, TransferStore } from '../../functions/domain/ports/transfer-store.js';

export interface TransferArrivals {
  /** A mark to take before looking at the store: a later `wait` returns at once if word came since. */
  mark(): number;
  /** Resolves on word for `key` after `since`, or after `ms`, whichever comes first. */
  wait(key: TransferKey, since: number, ms: number): Promise<void>;
  /** The `get` for `key` is over: its word is no longer kept. */
  forget(key: TransferKey): void;
}

/** One string per value (the parts of a value share it): job, sender, addressee and scoped tag. */
export function arrivalKey(key: TransferKey): string {
  return [key.jobId, key.src.role, key.src.partyId, key.dest.role, key.dest.partyId, key.tag].join('\u0000');
}

/**
 * The arrivals a runner hears of (ipc-transfer-arrivals.ts feeds it `arrived`). Word for a key
 * nobody waits for yet is kept until its `get` is over (`forget`), so a value stored between a
 * `get`'s look at the store and its wait is not missed.
 */
export class TransferArrivalSignal implements TransferArrivals {
  private sequence = 0;
  /** The sequence number of the latest word per key. */
  private readonly latest = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();

  arrived(key: TransferKey): void {
    this.sequence += 1;
    const id = arrivalKey(key);
    this.latest.set(id, this.sequence);
    for (const wake of this.waiters.get(id) ?? []) wake();
  }

  mark(): number {
    return this.sequence;
  }

  wait(key: TransferKey, since: number, ms: number): Promise<void> {
    const id = arrivalKey(key);
    if ((this.latest.get(id) ?? 0) > since) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.waiters.get(id) ?? new Set<() => void>();
      this.waiters.set(id, waiting);
      const wake = (): void => {
        clearTimeout(timer);
        waiting.delete(wake);
        if (waiting.size === 0) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });
  }

  forget(key: TransferKey): void {
    this.latest.delete(arrivalKey(key));
  }
}

/**
 * `store`, telling `stored` of each part it newly stores (not of an identical redelivery: its
 * first delivery was told), once the write is done, so that the word never runs ahead of the value.
 */
export function announcingTransferStore(store: TransferStore, stored: (key: TransferKey) => void): TransferStore {
  return {
    async putPart(part, expiresAt) {
      const outcome = await store.putPart(part, expiresAt);
      if (outcome === 'stored') stored({ jobId: part.jobId, src: part.src, dest: part.dest, tag: part.tag });
      return outcome;
    },
    listParts: (key) => store.listParts(key),
    usage: (jobId) => store.usage(jobId),
  };
}
