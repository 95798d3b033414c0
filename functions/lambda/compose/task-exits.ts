import type { TaskExitDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { peersThroughFederationOf, signingKeysOf, storesOf } from './builders.js';
import { siteConfigOf } from './site-config.js';

/** What a task's exit uses: the task's end written, its report sent to the initiator (this site's through `federation`). */
export function composeTaskExits(config: SiteEnvConfig, clock: () => number = Date.now): TaskExitDeps {
  const stores = storesOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    peers: peersThroughFederationOf(config, stores.parties, signingKeysOf(config, clock), clock),
    clock,
  };
}
