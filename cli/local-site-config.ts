import { join } from 'node:path';
import type { ClientConfig } from '../client/flow-client.js';
import { ArgumentError } from '../functions/domain/errors.js';
import { readState } from '../local/federation/federation-state.js';

/**
 * The site of the local federation running from `dataDir` (default `./.fate-flow`) that `flow`
 * talks to: `party` picks it (default the first), and with it that site's own token. Undefined when
 * no federation runs there.
 */
export async function runningLocalSite(
  options: { readonly party?: number; readonly dataDir?: string } = {},
): Promise<ClientConfig | undefined> {
  const state = await readState(options.dataDir ?? join(process.cwd(), '.fate-flow'));
  if (state === undefined) return undefined;
  const site = options.party === undefined ? state.sites[0] : state.sites.find((s) => s.party_id === options.party);
  if (site === undefined) throw new ArgumentError(`the local federation has no site for party ${options.party}`);
  // A federation started before sites had their own tokens wrote one shared `token` beside the sites.
  const token = site.token ?? (state as { readonly token?: string }).token;
  return { url: site.api_url, ...(token === undefined ? {} : { token }) };
}
