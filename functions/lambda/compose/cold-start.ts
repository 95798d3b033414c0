import type { ResourceStore } from '../../domain/ports/resource-store.js';
import type { SiteConfig } from '../../services/site-services.js';

/**
 * The site's pool, created or resized to the stack's, before an entry that applies from it or shows
 * it serves: a cold-start write, only where something differs.
 */
export async function ensureSitePool(resources: ResourceStore, site: SiteConfig): Promise<void> {
  const { pool } = site;
  await resources.ensurePool({ name: pool.name, cores: pool.cores, memory: pool.memory, nodes: pool.nodes });
}
