import type { BackgroundWork } from '../services/background-work.js';
import { readSiteEnv } from './read-site-env.js';
import {
  type AwsClients,
  type AwsSite,
  createAwsClients,
  createAwsSite,
  NO_PREPARATION,
  prepareAwsSite,
  type SitePreparation,
} from './site-from-env.js';

let clients: AwsClients | undefined;
let pending: Promise<AwsSite> | undefined;
let ready: AwsSite | undefined;

/**
 * This Lambda container's site, built on the first invocation and reused while the container is
 * warm. A failure (a malformed variable, DynamoDB unreachable) is thrown to that invocation and
 * the next one tries again, rather than leaving the container broken for good. A container runs
 * one entry, which passes its own `preparation` (what it writes at cold start) on every call.
 */
export function awsSite(preparation: SitePreparation = NO_PREPARATION): Promise<AwsSite> {
  pending ??= (async () => {
    const config = readSiteEnv(process.env);
    clients ??= createAwsClients();
    const site = createAwsSite(config, clients);
    await prepareAwsSite(site, preparation);
    ready = site;
    return site;
  })().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** The background work of the site, once it is built (nothing to drain before that). */
export function siteBackground(): BackgroundWork | undefined {
  return ready?.services.background;
}
