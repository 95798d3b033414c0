import { BackgroundWork } from '../../services/background-work.js';
import type { DetectorDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import {
  eventBusOf,
  launcherOf,
  orchestratorOf,
  peersThroughFederationOf,
  signingKeysOf,
  storesOf,
} from './builders.js';
import { siteConfigOf } from './site-config.js';

/**
 * What a detector sweep uses. `launcher` asks whether a running task's runner is alive and kills a
 * hung one, and the sweep ends this party's part of a job whose initiator went silent (its tasks
 * killed, its grant returned): local acts on this site's own runners, not messages. It never
 * starts one: a dead task's report settles its component where it is received (`federation`).
 */
export function composeDetector(config: SiteEnvConfig, clock: () => number = Date.now): DetectorDeps {
  const stores = storesOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    resources: stores.resources,
    events: eventBusOf(config),
    peers: peersThroughFederationOf(config, stores.parties, signingKeysOf(config, clock), clock),
    launcher: launcherOf(config, stores.delegations, clock),
    orchestrator: orchestratorOf(config),
    background: new BackgroundWork(),
    clock,
  };
}
