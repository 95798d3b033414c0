import type { DelegateTaskDeps } from '../../services/federation/delegate-task.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { signingKeysOf, storesOf } from './builders.js';

/** What certifying a runner's key uses: the task, its launch ticket, the site's key. */
export function composeDelegation(config: SiteEnvConfig, clock: () => number = Date.now): DelegateTaskDeps {
  const stores = storesOf(config, clock);
  const signingKeys = signingKeysOf(config, clock);
  return {
    partyId: config.partyId,
    jobs: stores.jobs,
    delegations: stores.delegations,
    signingKeys: () => signingKeys.secretKeys(),
    clock,
  };
}
