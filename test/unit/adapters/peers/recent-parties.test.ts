import { describe, expect, it } from '@jest/globals';
import { PARTY_RECORD_REUSE_MS, recentParties } from '../../../../functions/adapters/peers/recent-parties.js';
import type { PartyRecord, PartyStore } from '../../../../functions/domain/ports/party-store.js';

const record = (partyId: number, endpoint: string): PartyRecord => ({
  partyId,
  endpoint,
  publicKeys: ['whpk_a'],
  updateTime: 0,
});

/** The registry's table, in memory, counting the reads. */
class CountingRegistry implements Pick<PartyStore, 'getParty'> {
  readonly parties = new Map<number, PartyRecord>();
  reads = 0;

  async getParty(partyId: number): Promise<PartyRecord | undefined> {
    this.reads += 1;
    return this.parties.get(partyId);
  }
}

describe("a runner's party registry reads", () => {
  it('reads a party once for every message within the reuse time, then again after it', async () => {
    const registry = new CountingRegistry();
    registry.parties.set(10000, record(10000, 'https://a.example.org'));
    let now = 1_000_000;
    const parties = recentParties(registry, { clock: () => now });

    const first = [await parties.getParty(10000), await parties.getParty(10000)];
    registry.parties.set(10000, record(10000, 'https://b.example.org'));
    now += PARTY_RECORD_REUSE_MS - 1;
    const stillReused = await parties.getParty(10000);
    now += 1;
    const readAgain = await parties.getParty(10000);

    expect(first.map((party) => party?.endpoint)).toEqual(['https://a.example.org', 'https://a.example.org']);
    expect(stillReused?.endpoint).toBe('https://a.example.org');
    expect(readAgain?.endpoint).toBe('https://b.example.org');
    expect(registry.reads).toBe(2);
  });

  it('reads a party it did not find again at the next message', async () => {
    const registry = new CountingRegistry();
    const parties = recentParties(registry, { clock: () => 0 });

    expect(await parties.getParty(9999)).toBeUndefined();
    registry.parties.set(9999, record(9999, 'https://g.example.org'));

    expect((await parties.getParty(9999))?.endpoint).toBe('https://g.example.org');
    expect(registry.reads).toBe(2);
  });
});
