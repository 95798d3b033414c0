import type { FakeClock as Clock } from './fake-clock.js';
import { FakeClock } from './fake-clock.js';
import { FakeNetwork } from './fake-network.js';
import { type FakeSite, type FakeSiteOptions, fakeSite } from './fake-site.js';

export const GUEST = 9999;
export const HOST = 10000;

export interface FakeFederation {
  /** guest 9999. */
  readonly guest: FakeSite;
  /** host and arbiter 10000. */
  readonly host: FakeSite;
  readonly sites: readonly FakeSite[];
  readonly clock: Clock;
  readonly network: FakeNetwork;
  site(partyId: number): FakeSite;
  /** Waits until no site has work under way (reports, workflow steps). */
  settle(): Promise<void>;
}

/**
 * The test federation's layout in memory — guest 9999, host and arbiter 10000 — on one clock and
 * one network, each site registered in the other's party registry.
 */
export function fakeFederation(
  options: { readonly guest?: Partial<FakeSiteOptions>; readonly host?: Partial<FakeSiteOptions> } = {},
): FakeFederation {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const guest = fakeSite({ ...options.guest, partyId: GUEST, clock, network });
  const host = fakeSite({ ...options.host, partyId: HOST, clock, network });
  const sites = [guest, host];
  for (const site of sites) {
    for (const peer of sites.filter((other) => other !== site)) {
      void site.parties.putParty({
        partyId: peer.partyId,
        endpoint: `https://party-${peer.partyId}.test`,
        publicKeys: [],
        updateTime: clock.now(),
      });
    }
  }
  return {
    guest,
    host,
    sites,
    clock,
    network,
    site(partyId) {
      const found = sites.find((site) => site.partyId === partyId);
      if (found === undefined) throw new Error(`no site for party ${partyId}`);
      return found;
    },
    async settle() {
      // Work tracked at one site may start work tracked at the other (a task start's report):
      // a few rounds of draining both reach the end of any chain the services make.
      for (let round = 0; round < SETTLE_ROUNDS; round += 1) {
        await Promise.all(sites.map((site) => site.services.background.drain()));
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

const SETTLE_ROUNDS = 8;
