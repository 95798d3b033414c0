import { productionCatalog } from '../../../components/catalog.js';
import type { SiteConfig } from '../../services/site-services.js';
import type { SiteEnvConfig } from '../read-site-env.js';

/** The pool every job of the site applies to: one per site, as FATE's standalone engine registry. */
export const POOL_NAME = 'default';

/** Who this site is and the rules it applies, from SITE_ENV. */
export function siteConfigOf(config: SiteEnvConfig): SiteConfig {
  return {
    partyId: config.partyId,
    pool: { name: POOL_NAME, cores: config.poolCores, memory: config.poolMemory, nodes: 1, maxCoresPercentPerJob: 1 },
    peerResourceShare: config.peerResourceShare,
    // FATE's components, which this build's runner image runs (the test components are refused at submit).
    catalog: productionCatalog,
    permissionCheck: config.permissionCheck,
    objectEngine: 'S3',
    boardUrl: config.boardUrl,
  };
}
