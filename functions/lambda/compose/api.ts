import { S3BoundTables } from '../../adapters/objects/s3-bound-tables.js';
import { createS3Client, S3ObjectStore } from '../../adapters/objects/s3-object-store.js';
import { createJobIdGenerator } from '../../domain/ids.js';
import type { ApiDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { registerPeers } from '../register-peers.js';
import {
  eventBusOf,
  launcherOf,
  orchestratorOf,
  peersThroughFederationOf,
  signingKeysOf,
  storesOf,
} from './builders.js';
import { ensureSitePool } from './cold-start.js';
import { siteConfigOf } from './site-config.js';

/**
 * What the user API's routes use. `launcher` only stops: `job stop` at a party that did not initiate
 * the job kills its own running tasks (stop-at-party.ts), a local act, not a message. A task start
 * or a component's settling happens where a message to this site is received: in `federation`.
 */
export function composeApi(config: SiteEnvConfig, clock: () => number = Date.now): ApiDeps {
  const stores = storesOf(config, clock);
  const signingKeys = signingKeysOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    resources: stores.resources,
    tables: stores.tables,
    tracking: stores.tracking,
    models: stores.models,
    permissions: stores.permissions,
    objects: new S3ObjectStore(createS3Client(), { bucket: config.bucket }),
    boundTables: new S3BoundTables(createS3Client()),
    events: eventBusOf(config),
    peers: peersThroughFederationOf(config, stores.parties, signingKeys, clock),
    parties: stores.parties,
    signingKeys,
    launcher: launcherOf(config, stores.delegations, clock),
    orchestrator: orchestratorOf(config),
    clock,
    newJobId: createJobIdGenerator(),
  };
}

/** The API manages the registry and shows the pool: at cold start it writes both where they differ. */
export async function apiColdStart(ports: ApiDeps, config: SiteEnvConfig): Promise<void> {
  await ensureSitePool(ports.resources, ports.site);
  await registerPeers(ports.parties, config.peers, ports.clock);
}
