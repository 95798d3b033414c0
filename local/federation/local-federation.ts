import { join } from 'node:path';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import type { FederationReceiver } from '../../functions/domain/ports/peer-client.js';
import { type LocalSite, startLocalSite } from '../site/local-site.js';
import type { FederationConfig } from './federation-config.js';
import { InProcessPeerClient } from './in-process-peer-client.js';

export interface LocalFederation {
  readonly sites: readonly LocalSite[];
  site(partyId: number): LocalSite;
  stop(): Promise<void>;
}

export interface LocalFederationOptions {
  /** Absolute folder the sites keep their data under (`party-<id>/`). */
  readonly dataDir: string;
  readonly auth: AuthOptions;
  readonly catalog: ComponentCatalog;
  /** @default true */
  readonly persistent?: boolean;
}

/** Starts one site per party of the config, joined to each other in-process. */
export async function startLocalFederation(
  config: FederationConfig,
  options: LocalFederationOptions,
): Promise<LocalFederation> {
  // Filled once every site is up: the client looks receivers up at call time.
  const receivers = new Map<number, FederationReceiver>();
  const peers = new InProcessPeerClient(receivers);
  const sites: LocalSite[] = [];
  try {
    for (const site of config.sites) {
      sites.push(
        await startLocalSite({
          partyId: site.party_id,
          dataDir: join(options.dataDir, `party-${site.party_id}`),
          ...(options.persistent === undefined ? {} : { persistent: options.persistent }),
          apiPort: site.api_port,
          cores: site.cores,
          memory: site.memory,
          permissionCheck: site.permission_check,
          auth: options.auth,
          catalog: options.catalog,
          peers,
        }),
      );
    }
  } catch (error) {
    await Promise.all(sites.map((s) => s.stop()));
    throw error;
  }
  for (const site of sites) receivers.set(site.partyId, site.receiver);
  return {
    sites,
    site(partyId) {
      const found = sites.find((s) => s.partyId === partyId);
      if (found === undefined) throw new Error(`no site for party ${partyId} in this federation`);
      return found;
    },
    async stop() {
      await Promise.all(sites.map((s) => s.stop()));
    },
  };
}
