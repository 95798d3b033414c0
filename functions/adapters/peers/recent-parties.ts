import type { PartyRecord, PartyStore } from '../../domain/ports/party-store.js';

/**
 * How long a sender uses a party's registry record (its endpoint) before reading it again: as long
 * as a site's endpoint takes to see a party added or re-keyed at another of its processes
 * (federation/inbound/party-key-cache.ts, PARTY_KEYS_RELOAD_MS).
 */
export const PARTY_RECORD_REUSE_MS = 30_000;

export interface RecentPartiesOptions {
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** @default PARTY_RECORD_REUSE_MS */
  readonly reuseMs?: number;
}

/**
 * The party registry as a runner's peer client reads it to address each message: a record read
 * is used again for `reuseMs`, so a value's every part to one party costs one registry read, not
 * one each. A party not found is read again at the next message (it may be registered by then).
 */
export function recentParties(
  store: Pick<PartyStore, 'getParty'>,
  options: RecentPartiesOptions = {},
): Pick<PartyStore, 'getParty'> {
  const clock = options.clock ?? Date.now;
  const reuseMs = options.reuseMs ?? PARTY_RECORD_REUSE_MS;
  const recent = new Map<number, { readonly record: PartyRecord; readonly readAt: number }>();
  return {
    async getParty(partyId) {
      const now = clock();
      const known = recent.get(partyId);
      if (known !== undefined && now - known.readAt < reuseMs) return known.record;
      const record = await store.getParty(partyId);
      if (record === undefined) recent.delete(partyId);
      else recent.set(partyId, { record, readAt: now });
      return record;
    },
  };
}
