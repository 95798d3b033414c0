import { recentParties } from '../../adapters/peers/recent-parties.js';
import type { PartyRecord, PartyStore } from '../../domain/ports/party-store.js';

/**
 * At most one registry load per this many milliseconds on misses (a sender this cache does not
 * know, or a signature none of its cached keys verifies). A forged envelope — from an unknown
 * party or with a bad signature — then costs no table read in steady state, while a party added
 * or a key rotated at another process of the site (another Lambda) works within this time.
 */
export const PARTY_KEYS_RELOAD_MS = 30_000;

/**
 * A party's last contact is written at most once per this many milliseconds by one process: the
 * site page shows it to the minute, and a job's every federation message would otherwise be one more
 * registry write on the endpoint's path.
 */
export const PARTY_CONTACT_EVERY_MS = 60_000;

/** The senders' public keys, as the federation endpoint checks signatures with them. */
export interface PartyKeys {
  /** The party's registered keys as last loaded (loaded on first use); undefined for a party not registered. */
  publicKeys(partyId: number): Promise<readonly string[] | undefined>;
  /**
   * After a miss: the party's keys from a fresh registry load, or undefined when the last load is
   * too recent to load again (nothing new to learn, no read spent).
   */
  reloadedPublicKeys(partyId: number): Promise<readonly string[] | undefined>;
  /** The party's call was verified at `at` (epoch ms), for the site page's last contact. */
  recordContact(partyId: number, at: number): Promise<void>;
}

export interface PartyKeyCacheOptions {
  /** Epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /** @default PARTY_KEYS_RELOAD_MS */
  readonly reloadMs?: number;
}

/**
 * The party registry with an in-memory copy of every party's keys for the federation endpoint.
 * It is the site's PartyStore too: a change through it (`flow party add/remove`, a cold start's
 * peer registration, a local federation's introductions) drops the copy at once, so the next
 * delivery sees it; reads other than keys go to the store.
 */
export class PartyKeyCache implements PartyStore, PartyKeys {
  private readonly clock: () => number;
  private readonly reloadMs: number;
  /** partyId → the contact this process last wrote for it. */
  private readonly contactWritten = new Map<number, number>();
  private keys: Promise<ReadonlyMap<number, readonly string[]>> | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every change, so a load that started before it is not kept. */
  private generation = 0;
  /** The records the site's peer client addresses messages with; made anew by every change. */
  private addressing: Pick<PartyStore, 'getParty'>;

  constructor(
    private readonly store: PartyStore,
    options: PartyKeyCacheOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.reloadMs = options.reloadMs ?? PARTY_KEYS_RELOAD_MS;
    this.addressing = this.freshAddressing();
  }

  /**
   * The party's record as this site's peer client addresses a message to it (its endpoint): a
   * record read is used again for as long as the keys are (PARTY_KEYS_RELOAD_MS), so a stage's
   * two federation calls read no registry on its path; a change through this registry is used at
   * once, one made by another process of the site within that time (as its keys are).
   */
  partyToAddress(partyId: number): Promise<PartyRecord | undefined> {
    return this.addressing.getParty(partyId);
  }

  async publicKeys(partyId: number): Promise<readonly string[] | undefined> {
    return (await (this.keys ?? this.load())).get(partyId);
  }

  async reloadedPublicKeys(partyId: number): Promise<readonly string[] | undefined> {
    if (this.clock() - this.loadedAt < this.reloadMs) return undefined;
    return (await this.load()).get(partyId);
  }

  async putParty(party: PartyRecord): Promise<void> {
    try {
      await this.store.putParty(party);
    } finally {
      this.forget();
    }
  }

  async removeParty(partyId: number): Promise<boolean> {
    try {
      return await this.store.removeParty(partyId);
    } finally {
      this.forget();
    }
  }

  /** Not a change of keys: the copy stays. Written once per PARTY_CONTACT_EVERY_MS per party. */
  async recordContact(partyId: number, at: number): Promise<void> {
    const written = this.contactWritten.get(partyId);
    if (written !== undefined && at - written < PARTY_CONTACT_EVERY_MS) return;
    this.contactWritten.set(partyId, at);
    try {
      await this.store.recordContact(partyId, at);
    } catch (error) {
      // Not written: the next call tries again.
      if (this.contactWritten.get(partyId) === at) this.contactWritten.delete(partyId);
      throw error;
    }
  }

  getParty(partyId: number): Promise<PartyRecord | undefined> {
    return this.store.getParty(partyId);
  }

  listParties(): Promise<PartyRecord[]> {
    return this.store.listParties();
  }

  private freshAddressing(): Pick<PartyStore, 'getParty'> {
    return recentParties(this.store, { clock: this.clock, reuseMs: this.reloadMs });
  }

  private forget(): void {
    this.addressing = this.freshAddressing();
    this.generation += 1;
    this.keys = undefined;
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private load(): Promise<ReadonlyMap<number, readonly string[]>> {
    const generation = this.generation;
    // Stamped before the read: concurrent misses share this load instead of starting their own.
    this.loadedAt = this.clock();
    const loading = this.store
      .listParties()
      .then((parties) => new Map(parties.map((party) => [party.partyId, party.publicKeys] as const)));
    this.keys = loading;
    loading.catch(() => {
      // A failed load is not kept: the next delivery tries again.
      if (this.generation === generation && this.keys === loading) this.forget();
    });
    return loading;
  }
}
