import type { SiteServices } from '../../services/site-services.js';

/**
 * The use cases are still typed over the whole SiteServices while each entry holds only its own
 * ports (`Pick<SiteServices, …>`, read off what its use cases call): this is the one place that
 * hands such a pick to them. It goes once the services take their per-use-case deps types
 * (services/entry-deps.ts), which the compositions' types then become.
 */
export function servicesOf<K extends keyof SiteServices>(ports: Pick<SiteServices, K>): SiteServices {
  return ports as SiteServices;
}
