import { createS3Client, S3ObjectStore } from '../../adapters/objects/s3-object-store.js';
import type { FederationReceiver } from '../../domain/ports/peer-client.js';
import { JobHeadCache } from '../../federation/inbound/job-head-cache.js';
import { PartyKeyCache } from '../../federation/inbound/party-key-cache.js';
import { type InboundDeps, MAX_FEDERATION_BODY_BYTES } from '../../federation/inbound/receive-delivery.js';
import { createFederationReceiver } from '../../federation/inbound/receiver.js';
import { BackgroundWork } from '../../services/background-work.js';
import type { FederationDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { eventBusOf, launcherOf, orchestratorOf, peersInProcessOf, signingKeysOf, storesOf } from './builders.js';
import { ensureSitePool } from './cold-start.js';
import { siteConfigOf } from './site-config.js';

/**
 * What receiving a message uses: every command's handler, a peer's and this site's own alike (the
 * other functions invoke this one with theirs). It is the one function that starts runners.
 */
export interface FederationSite {
  readonly ports: FederationDeps;
  /** The site's receiver: a peer's verified delivery, or a loopback event, is handed to it. */
  readonly receiver: FederationReceiver;
  /** What the endpoint checks a peer's delivery against before handing it to the receiver. */
  readonly inbound: InboundDeps;
  readonly background: BackgroundWork;
}

export function composeFederation(config: SiteEnvConfig, clock: () => number = Date.now): FederationSite {
  const stores = storesOf(config, clock);
  // Signatures are checked against the keys kept here in memory; a change made by another function
  // (a cold start's peer registration, `flow party add`) reaches them within PARTY_KEYS_RELOAD_MS.
  const parties = new PartyKeyCache(stores.parties, { clock });
  const signingKeys = signingKeysOf(config, clock);
  const background = new BackgroundWork();
  // The receiver is built from the ports this peer client is part of: bound once both exist.
  const late: { receiver?: FederationReceiver } = {};
  const ports: FederationDeps = {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    resources: stores.resources,
    permissions: stores.permissions,
    models: stores.models,
    tracking: stores.tracking,
    // model.infer at a host: its component models and the feature table bound to the service.
    tables: stores.tables,
    objects: new S3ObjectStore(createS3Client(), { bucket: config.bucket }),
    transfers: stores.transfers,
    transferAdmission: stores.transferAdmission,
    events: eventBusOf(config),
    peers: peersInProcessOf(config, parties, signingKeys, clock, () => {
      if (late.receiver === undefined) throw new Error('the site receiver is not built yet');
      return late.receiver;
    }),
    launcher: launcherOf(config, stores.delegations, clock),
    orchestrator: orchestratorOf(config),
    background,
    clock,
  };
  const receiver = createFederationReceiver(ports);
  late.receiver = receiver;
  const inbound: InboundDeps = {
    partyId: config.partyId,
    partyKeys: parties,
    deliveries: stores.deliveries,
    // Heads never change once written: read once per function instance, not once per message.
    jobs: new JobHeadCache(stores.jobs),
    receiver,
    clock,
    maxBodyBytes: MAX_FEDERATION_BODY_BYTES,
  };
  return { ports, receiver, inbound, background };
}

/**
 * It creates the pool a `job.resource.apply` draws on (a peer's, or this site's scheduler's); it
 * never writes the party registry (the scheduler and the API register the stack's peers).
 */
export async function federationColdStart(site: FederationSite): Promise<void> {
  await ensureSitePool(site.ports.resources, site.ports.site);
}
