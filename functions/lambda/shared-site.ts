import { BackgroundWork } from '../services/background-work.js';
import { readSiteEnv, type SiteEnvConfig } from './read-site-env.js';

/** One entry's site in this container: built on first use, kept while the container is warm. */
export interface ContainerSite<Site> {
  (): Promise<Site>;
  /** The site once built (nothing to drain before that). */
  readonly built: () => Site | undefined;
}

/**
 * This Lambda container's site for one entry: `compose` (what the entry's use cases use, from
 * SITE_ENV) and then `coldStart` (what must be in the table before the entry serves), on the first
 * invocation. A failure (a malformed variable, DynamoDB unreachable) is thrown to that invocation
 * and the next one tries again, rather than leaving the container broken for good. Declaring one
 * builds nothing: an entry's module may be imported without an environment.
 */
export function containerSite<Site>(
  compose: (config: SiteEnvConfig) => Site,
  coldStart: (site: Site, config: SiteEnvConfig) => Promise<void> = async () => {},
): ContainerSite<Site> {
  let pending: Promise<Site> | undefined;
  let ready: Site | undefined;
  const site = (): Promise<Site> => {
    pending ??= (async () => {
      const config = readSiteEnv(process.env);
      const built = compose(config);
      await coldStart(built, config);
      ready = built;
      return built;
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  return Object.assign(site, { built: () => ready });
}

/** The background work of a built site that has some (the wrapping drains it before returning). */
export function backgroundOf(site: unknown): BackgroundWork | undefined {
  if (typeof site !== 'object' || site === null || !('background' in site)) return undefined;
  return site.background instanceof BackgroundWork ? site.background : undefined;
}
