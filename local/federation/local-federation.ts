import { join } from 'node:path';
import { productionCatalog } from '../../components/catalog.js';
import { testingCatalog } from '../../components/testing/catalog.js';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import { publicKeyOf } from '../../functions/domain/signing/keys.js';
import type { SiteMeter } from '../metering/site-meter.js';
import { type LocalSite, type LocalSiteOptions, startLocalSite } from '../site/local-site.js';
import type { SiteLoopOptions } from '../site/site-loops.js';
import type { FederationConfig } from './federation-config.js';
import { localCertificateAuthority, localSiteCertificate } from './local-tls.js';

export interface LocalFederation {
  /** The running sites, in config order. */
  readonly sites: readonly LocalSite[];
  site(partyId: number): LocalSite;
  /** Stops one site as a crash or an outage would (its data stays on disk when persistent). */
  stopSite(partyId: number): Promise<void>;
  /** Starts a stopped site again with the same data, ports and keys. */
  startSite(partyId: number): Promise<LocalSite>;
  stop(): Promise<void>;
}

export interface LocalFederationOptions {
  /** Absolute folder the sites keep their data under (`party-<id>/`, and the CA in `ca/`). */
  readonly dataDir: string;
  /** Every site's user API callers, or each site's own (`flow local up` gives each site its own token). */
  readonly auth: AuthOptions | ((partyId: number) => AuthOptions);
  /**
   * What the sites plan jobs against. @default FATE's components, and the test components when the
   * config opts into them (`test_components`); control-plane tests give one that plans any module.
   */
  readonly catalog?: ComponentCatalog;
  /** @default true */
  readonly persistent?: boolean;
  /** Run the sites' schedulers and detectors (also off when the config says so). @default true */
  readonly scheduling?: boolean;
  /** How often every site's scheduler and detector sweep, and who hears of a pass that throws. @default site-loops' */
  readonly loops?: SiteLoopOptions;
  /** Each site's meter (local/metering), by party id; sites without one are not metered. */
  readonly meters?: ReadonlyMap<number, SiteMeter>;
  /** Every site's first peer-retry backoff (LocalSiteOptions.peerRetryBaseMs). @default 250 */
  readonly peerRetryBaseMs?: number;
}

/**
 * Starts one site per party of the config and introduces them to each other as real peers would
 * be: each site's party registry gets every other site's HTTPS federation endpoint and public
 * keys, and every site trusts the federation's CA (created on first start, kept in `ca/`).
 */
export async function startLocalFederation(
  config: FederationConfig,
  options: LocalFederationOptions,
): Promise<LocalFederation> {
  const ca = await localCertificateAuthority(join(options.dataDir, 'ca'));
  const catalog = options.catalog ?? (config.test_components ? testingCatalog : productionCatalog);
  const siteOptions = new Map<number, LocalSiteOptions>();
  for (const site of config.sites) {
    const dataDir = join(options.dataDir, `party-${site.party_id}`);
    const certificate = await localSiteCertificate(join(dataDir, 'tls'), ca, site.party_id);
    siteOptions.set(site.party_id, {
      partyId: site.party_id,
      dataDir,
      ...(options.persistent === undefined ? {} : { persistent: options.persistent }),
      apiPort: site.api_port,
      federationPort: site.federation_port,
      tls: { ...certificate, ca: ca.cert },
      cores: site.cores,
      memory: site.memory,
      peerResourceShare: site.peer_resource_share,
      permissionCheck: site.permission_check,
      auth: typeof options.auth === 'function' ? options.auth(site.party_id) : options.auth,
      catalog,
      testComponents: config.test_components,
      scheduling: config.scheduling && options.scheduling !== false,
      ...(options.loops && { loops: options.loops }),
      ...(options.meters?.has(site.party_id) && { meter: options.meters.get(site.party_id) }),
      ...(options.peerRetryBaseMs !== undefined && { peerRetryBaseMs: options.peerRetryBaseMs }),
    });
  }
  const running = new Map<number, LocalSite>();
  // First every site stops starting work and finishes what is under way (which may still need the
  // other sites: a report, a stop), then the sites close.
  const stopAll = async () => {
    await Promise.all([...running.values()].map((s) => s.quiesce()));
    await Promise.all([...running.values()].map((s) => s.stop()));
  };
  const optionsOf = (partyId: number): LocalSiteOptions => {
    const found = siteOptions.get(partyId);
    if (found === undefined) throw new Error(`no site for party ${partyId} in this federation`);
    return found;
  };
  const launch = async (partyId: number): Promise<LocalSite> => {
    const site = await startLocalSite(optionsOf(partyId));
    // Keep the ports it got, so a restart comes back where its peers expect it.
    siteOptions.set(partyId, {
      ...optionsOf(partyId),
      apiPort: Number(new URL(site.apiUrl).port),
      federationPort: Number(new URL(site.federationUrl).port),
    });
    running.set(partyId, site);
    return site;
  };
  try {
    for (const partyId of siteOptions.keys()) await launch(partyId);
    await introduce([...running.values()]);
    // Each site's own work starts once every peer can be reached: what a site recovers at its
    // restart (reports, resumed workflows) is sent to the others.
    await Promise.all([...running.values()].map((site) => site.resume()));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    get sites() {
      return [...running.values()];
    },
    site(partyId) {
      const found = running.get(partyId);
      if (found === undefined) throw new Error(`the site of party ${partyId} is not running`);
      return found;
    },
    async stopSite(partyId) {
      await running.get(partyId)?.stop();
      running.delete(partyId);
    },
    async startSite(partyId) {
      const old = running.get(partyId);
      if (old !== undefined) return old;
      const site = await launch(partyId);
      await introduce([...running.values()]);
      await site.resume();
      return site;
    },
    async stop() {
      await stopAll();
      running.clear();
    },
  };
}

/** Registers every site at every other one (endpoints change with the ports at each start). */
async function introduce(sites: readonly LocalSite[]): Promise<void> {
  const cards = await Promise.all(
    sites.map(async (site) => ({
      partyId: site.partyId,
      endpoint: site.federationUrl,
      publicKeys: (await site.services.signingKeys.secretKeys()).map(publicKeyOf),
    })),
  );
  await Promise.all(
    sites.flatMap((site) =>
      cards
        .filter((card) => card.partyId !== site.partyId)
        .map((card) => site.services.parties.putParty({ ...card, updateTime: site.services.clock() })),
    ),
  );
}
