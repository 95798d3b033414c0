/**
 * Word that a transferred value was stored for one of this task's `get`s, so that a waiting `get`
 * returns at once instead of at its next poll. The word carries the stored part when it can (a
 * local site's word does): a `get` whose parts all came with their word takes them without
 * reading the store. Otherwise the word is a hint to look: a lost word costs at most one poll's
 * wait, and the store stays where every part can be read.
 */
import type { TransferKey, TransferPart, TransferStore } from '../../functions/domain/ports/transfer-store.js';

/** What a site or a runner announces: the stored part, or (word without its bytes) only its key. */
export type StoredTransfer = TransferKey | TransferPart;

export interface TransferArrivals {
  /** A mark to take before looking at the store: a later `wait` returns at once if word came since. */
  mark(): number;
  /** Resolves on word for `key` after `since`, or after `ms`, whichever comes first. */
  wait(key: TransferKey, since: number, ms: number): Promise<void>;
  /** The parts of `key`'s value that came with their word (as stored), until `forget`. */
  delivered(key: TransferKey): readonly TransferPart[];
  /** The `get` for `key` is over: its word, and the parts it carried, are no longer kept. */
  forget(key: TransferKey): void;
}

/**
 * The most bytes of carried parts a runner keeps for `get`s that have not taken them yet; past
 * it, word still comes but its part is left in the store, where the `get` reads it. (A value no
 * `get` of the task ever asks for would otherwise stay in memory until the task ends.)
 */
export const DELIVERED_BYTES_LIMIT = 64 * 1024 * 1024;

/** One string per value (the parts of a value share it): job, sender, addressee and scoped tag. */
export function arrivalKey(key: TransferKey): string {
  return [key.jobId, key.src.role, key.src.partyId, key.dest.role, key.dest.partyId, key.tag].join('\u0000');
}

/**
 * The arrivals a runner hears of (ipc-transfer-arrivals.ts feeds it `arrived`). Word for a key
 * nobody waits for yet is kept until its `get` is over (`forget`), with the part it carried, so a
 * value stored before its `get` began, or between a `get`'s look at the store and its wait, is
 * not missed.
 */
export class TransferArrivalSignal implements TransferArrivals {
  private sequence = 0;
  /** The sequence number of the latest word per key. */
  private readonly latest = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Carried parts per key, by index. */
  private readonly parts = new Map<string, Map<number, TransferPart>>();
  private keptBytes = 0;

  constructor(private readonly bytesLimit = DELIVERED_BYTES_LIMIT) {}

  arrived(stored: StoredTransfer): void {
    this.sequence += 1;
    const id = arrivalKey(stored);
    if ('bytes' in stored) this.keep(id, stored);
    this.latest.set(id, this.sequence);
    for (const wake of this.waiters.get(id) ?? []) wake();
  }

  private keep(id: string, part: TransferPart): void {
    const kept = this.parts.get(id) ?? new Map<number, TransferPart>();
    // A part is stored once (a redelivery announces nothing): the first word of an index is kept.
    if (kept.has(part.index) || this.keptBytes + part.bytes.byteLength > this.bytesLimit) return;
    kept.set(part.index, part);
    this.parts.set(id, kept);
    this.keptBytes += part.bytes.byteLength;
  }

  delivered(key: TransferKey): readonly TransferPart[] {
    return [...(this.parts.get(arrivalKey(key))?.values() ?? [])];
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
    const id = arrivalKey(key);
    this.latest.delete(id);
    for (const part of this.parts.get(id)?.values() ?? []) this.keptBytes -= part.bytes.byteLength;
    this.parts.delete(id);
  }
}

/**
 * `store`, telling `stored` of each part it newly stores (not of an identical redelivery: its
 * first delivery was told), once the write is done, so that the word never runs ahead of the value.
 */
export function announcingTransferStore(store: TransferStore, stored: (part: TransferPart) => void): TransferStore {
  return {
    async putPart(part, expiresAt) {
      const outcome = await store.putPart(part, expiresAt);
      if (outcome === 'stored') stored(part);
      return outcome;
    },
    listParts: (key) => store.listParts(key),
    usage: (jobId) => store.usage(jobId),
  };
}
