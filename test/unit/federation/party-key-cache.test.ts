import { describe, expect, it } from '@jest/globals';
import type { PartyRecord, PartyStore } from '../../../functions/domain/ports/party-store.js';
import {
  PARTY_CONTACT_EVERY_MS,
  PARTY_KEYS_RELOAD_MS,
  PartyKeyCache,
} from '../../../functions/federation/inbound/party-key-cache.js';

/** The registry's table, in memory, counting what it is asked. */
class CountingRegistry implements PartyStore {
  readonly parties = new Map<number, PartyRecord>();
  lists = 0;
  gets = 0;
  failNextList = false;

  async putParty(party: PartyRecord): Promise<void> {
    this.parties.set(party.partyId, party);
  }
  async getParty(partyId: number): Promise<PartyRecord | undefined> {
    this.gets += 1;
    return this.parties.get(partyId);
  }
  async listParties(): Promise<PartyRecord[]> {
    this.lists += 1;
    if (this.failNextList) {
      this.failNextList = false;
      throw new Error('table unavailable');
    }
    return [...this.parties.values()];
  }
  async removeParty(partyId: number): Promise<boolean> {
    return this.parties.delete(partyId);
  }
  async recordContact(partyId: number, at: number): Promise<void> {
    const stored = this.parties.get(partyId);
    if (stored !== undefined) this.parties.set(partyId, { ...stored, lastContact: at });
  }
}

const party = (partyId: number, ...publicKeys: string[]): PartyRecord => ({
  partyId,
  endpoint: `https://${partyId}.example.org`,
  publicKeys,
  updateTime: 1,
});

function setup() {
  const registry = new CountingRegistry();
  let now = 1_000_000;
  const cache = new PartyKeyCache(registry, { clock: () => now });
  return { registry, cache, advance: (ms: number) => (now += ms) };
}

describe('PartyKeyCache', () => {
  it('loads the registry once and answers from memory after that', async () => {
    const { registry, cache } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));

    expect(await cache.publicKeys(9999)).toEqual(['whpk_a']);
    expect(await cache.publicKeys(9999)).toEqual(['whpk_a']);
    expect(await cache.publicKeys(4242)).toBeUndefined();
    expect(registry.lists).toBe(1);
  });

  it('reloads on a miss at most once per reload interval', async () => {
    const { registry, cache, advance } = setup();
    await cache.publicKeys(9999);
    // Written by another process of the site, straight into the table.
    registry.parties.set(10000, party(10000, 'whpk_b'));

    expect(await cache.reloadedPublicKeys(10000)).toBeUndefined();
    advance(PARTY_KEYS_RELOAD_MS - 1);
    expect(await cache.reloadedPublicKeys(10000)).toBeUndefined();
    expect(registry.lists).toBe(1);

    advance(1);
    expect(await cache.reloadedPublicKeys(10000)).toEqual(['whpk_b']);
    expect(await cache.reloadedPublicKeys(4242)).toBeUndefined();
    expect(await cache.publicKeys(10000)).toEqual(['whpk_b']);
    expect(registry.lists).toBe(2);
  });

  it('shares one load among concurrent first lookups', async () => {
    const { registry, cache } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));

    const keys = await Promise.all([cache.publicKeys(9999), cache.publicKeys(4242), cache.reloadedPublicKeys(1)]);

    expect(keys).toEqual([['whpk_a'], undefined, undefined]);
    expect(registry.lists).toBe(1);
  });

  it('forgets what it holds when a party is added, changed or removed through it', async () => {
    const { registry, cache } = setup();
    await cache.putParty(party(9999, 'whpk_a'));
    expect(await cache.publicKeys(9999)).toEqual(['whpk_a']);

    await cache.putParty(party(9999, 'whpk_a', 'whpk_rotated'));
    expect(await cache.publicKeys(9999)).toEqual(['whpk_a', 'whpk_rotated']);
    await cache.putParty(party(7777, 'whpk_c'));
    expect(await cache.publicKeys(7777)).toEqual(['whpk_c']);
    expect(await cache.removeParty(7777)).toBe(true);
    expect(await cache.publicKeys(7777)).toBeUndefined();
    expect(registry.lists).toBe(4);
  });

  it('does not keep a failed load: the next lookup loads again', async () => {
    const { registry, cache } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));
    registry.failNextList = true;

    await expect(cache.publicKeys(9999)).rejects.toThrow('table unavailable');
    expect(await cache.publicKeys(9999)).toEqual(['whpk_a']);
    expect(registry.lists).toBe(2);
  });

  it('passes reads of whole records to the registry', async () => {
    const { registry, cache } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));

    expect(await cache.getParty(9999)).toEqual(party(9999, 'whpk_a'));
    expect(await cache.listParties()).toEqual([party(9999, 'whpk_a')]);
  });

  it('addresses a party with the record it read for the reload interval, and reads it anew after a change through it', async () => {
    const { registry, cache, advance } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));

    expect(await cache.partyToAddress(9999)).toEqual(party(9999, 'whpk_a'));
    advance(PARTY_KEYS_RELOAD_MS - 1);
    expect(await cache.partyToAddress(9999)).toEqual(party(9999, 'whpk_a'));
    expect(registry.gets).toBe(1);

    // Moved at another process of the site: addressed anew once the interval is over.
    registry.parties.set(9999, { ...party(9999, 'whpk_a'), endpoint: 'https://moved.example.org' });
    expect((await cache.partyToAddress(9999))?.endpoint).toBe('https://9999.example.org');
    advance(1);
    expect((await cache.partyToAddress(9999))?.endpoint).toBe('https://moved.example.org');
    expect(registry.gets).toBe(2);

    // Moved through this registry: addressed anew at once.
    await cache.putParty({ ...party(9999, 'whpk_a'), endpoint: 'https://again.example.org' });
    expect((await cache.partyToAddress(9999))?.endpoint).toBe('https://again.example.org');
    expect(await cache.removeParty(9999)).toBe(true);
    expect(await cache.partyToAddress(9999)).toBeUndefined();
    expect(registry.gets).toBe(4);
  });

  it("writes a party's last contact once a minute at most, and again after a failed write", async () => {
    const { registry, cache } = setup();
    registry.parties.set(9999, party(9999, 'whpk_a'));
    const writes: number[] = [];
    const write = registry.recordContact.bind(registry);
    let fail = false;
    registry.recordContact = async (partyId, at) => {
      if (fail) throw new Error('table unavailable');
      writes.push(at);
      await write(partyId, at);
    };

    await cache.recordContact(9999, 1_000);
    await cache.recordContact(9999, 1_000 + PARTY_CONTACT_EVERY_MS - 1);
    await cache.recordContact(9999, 1_000 + PARTY_CONTACT_EVERY_MS);
    fail = true;
    await expect(cache.recordContact(9999, 1_000 + 2 * PARTY_CONTACT_EVERY_MS)).rejects.toThrow('table unavailable');
    fail = false;
    await cache.recordContact(9999, 1_001 + 2 * PARTY_CONTACT_EVERY_MS);

    expect(writes).toEqual([1_000, 1_000 + PARTY_CONTACT_EVERY_MS, 1_001 + 2 * PARTY_CONTACT_EVERY_MS]);
    expect(registry.parties.get(9999)?.lastContact).toBe(1_001 + 2 * PARTY_CONTACT_EVERY_MS);
  });
});
