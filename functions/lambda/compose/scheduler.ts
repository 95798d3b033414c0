import type { SchedulerDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { registerPeers } from '../register-peers.js';
import { eventBusOf, orchestratorOf, peersThroughFederationOf, signingKeysOf, storesOf } from './builders.js';

/**
 * What a scheduling pass uses. Resources are applied and jobs started at every party by messages,
 * this site's own included (the `federation` function receives those); `parties` is for the cold
 * start's registration of the stack's peers.
 */
export function composeScheduler(config: SiteEnvConfig, clock: () => number = Date.now): SchedulerDeps {
  const stores = storesOf(config, clock);
  return {
    jobs: stores.jobs,
    events: eventBusOf(config),
    orchestrator: orchestratorOf(config),
    peers: peersThroughFederationOf(config, stores.parties, signingKeysOf(config, clock), clock),
    parties: stores.parties,
    clock,
  };
}

/**
 * As the one entry run every minute, it registers the stack's peers within a minute of a deploy
 * (the federation endpoint only reads the registry).
 */
export async function schedulerColdStart(ports: SchedulerDeps, config: SiteEnvConfig): Promise<void> {
  await registerPeers(ports.parties, config.peers, ports.clock);
}
