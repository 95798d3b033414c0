import type { StepsDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { eventBusOf, orchestratorOf, peersThroughFederationOf, signingKeysOf, storesOf } from './builders.js';
import { siteConfigOf } from './site-config.js';

/**
 * What the four step functions use (loadPlan, runComponent, finishJob, failJob; one composition,
 * each function's role holds only its own step's grants). Starting a component at this site, or
 * stopping the job here, is a message to this site: the `federation` function runs it.
 */
export function composeSteps(config: SiteEnvConfig, clock: () => number = Date.now): StepsDeps {
  const stores = storesOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    events: eventBusOf(config),
    orchestrator: orchestratorOf(config),
    peers: peersThroughFederationOf(config, stores.parties, signingKeysOf(config, clock), clock),
    clock,
  };
}
