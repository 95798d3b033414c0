import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import type { SiteMeter } from '../metering/site-meter.js';
import type { SiteLoopOptions } from './site-loops.js';

/** How to start one party's site on this machine (`startLocalSite`). */
export interface LocalSiteOptions {
  readonly partyId: number;
  /** This site's folder: the object store, its signing keys, and dynalite's files when persistent. */
  readonly dataDir: string;
  /** Keep the DynamoDB store on disk so that a restart loses nothing. @default true */
  readonly persistent?: boolean;
  readonly apiPort?: number;
  /** The federation endpoint's port (HTTPS). @default 0, a free one */
  readonly federationPort?: number;
  /** The federation endpoint's TLS key and certificate, and the CA that peers' certificates chain to. */
  readonly tls: { readonly key: string; readonly cert: string; readonly ca: string };
  readonly cores: number;
  readonly memory: number;
  /** The share of the pool the jobs of any one peer may hold. @default DEFAULT_PEER_RESOURCE_SHARE */
  readonly peerResourceShare?: number;
  readonly permissionCheck: boolean;
  /** The user API's callers; in credentials mode the site's own store remembers app-key NONCEs. */
  readonly auth: AuthOptions;
  readonly catalog: ComponentCatalog;
  /** The site's runners may run the test components (PassThrough, Sleep, Exchange). @default false */
  readonly testComponents?: boolean;
  readonly clock?: () => number;
  /**
   * Run the scheduler and the detector (events and sweeps). Off, jobs stay waiting until it is on
   * again: a site paused for maintenance, or a test of the control plane alone. @default true
   */
  readonly scheduling?: boolean;
  /** How often the scheduler and detector sweep (events trigger them at once anyway). */
  readonly loops?: SiteLoopOptions;
  /** Counts what the site would be billed for in AWS (local/metering, docs/cost.md). @default none */
  readonly meter?: SiteMeter;
  /** The first backoff of the peer client's retries (signed-peer-client.ts), which double each time. @default 250 */
  readonly peerRetryBaseMs?: number;
}
