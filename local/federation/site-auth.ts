import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import type { FederationConfig } from './federation-config.js';
import { siteTokens } from './federation-state.js';

export interface LocalSiteAuth {
  /** A site's bearer token. */
  tokenOf(partyId: number): string;
  /** What a site's user API accepts: its own token (no other site's) and the config's app keys. */
  auth(partyId: number): AuthOptions;
}

/** The user-API credentials of the federation `flow local up` starts: one token per site. */
export async function localSiteAuth(config: FederationConfig, dataDir: string): Promise<LocalSiteAuth> {
  const tokens = await siteTokens(config, dataDir);
  const tokenOf = (partyId: number): string => {
    const token = tokens.get(partyId);
    if (token === undefined) throw new Error(`the federation config has no site for party ${partyId}`);
    return token;
  };
  return {
    tokenOf,
    auth: (partyId) => ({ mode: 'credentials', bearerTokens: [tokenOf(partyId)], appKeys: config.app_keys }),
  };
}
