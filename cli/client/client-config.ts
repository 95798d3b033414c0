import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ArgumentError } from '../../functions/domain/errors.js';
import { readState } from '../../local/federation/federation-state.js';
import type { ClientConfig } from './flow-client.js';

/** Where `flow init` keeps the client settings (FATE's client keeps them in its own settings file). */
export function clientConfigPath(): string {
  return process.env.FATE_FLOW_CLIENT_CONFIG ?? join(homedir(), '.fate-flow-serverless', 'client.json');
}

export async function saveClientConfig(config: ClientConfig): Promise<string> {
  const path = clientConfigPath();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/**
 * The site to talk to, first found wins: FATE_FLOW_URL (+ FATE_FLOW_TOKEN); the local federation
 * running from this folder (`.fate-flow/federation.json`; `--party` picks the site, default the
 * first, and with it that site's own token); the settings `flow init` saved.
 */
export async function resolveClientConfig(
  options: { readonly party?: number; readonly dataDir?: string } = {},
): Promise<ClientConfig> {
  const envUrl = process.env.FATE_FLOW_URL;
  if (envUrl) return { url: envUrl, ...(process.env.FATE_FLOW_TOKEN ? { token: process.env.FATE_FLOW_TOKEN } : {}) };
  const state = await readState(options.dataDir ?? join(process.cwd(), '.fate-flow'));
  if (state !== undefined) {
    const site = options.party === undefined ? state.sites[0] : state.sites.find((s) => s.party_id === options.party);
    if (site === undefined) throw new ArgumentError(`the local federation has no site for party ${options.party}`);
    // A federation started before sites had their own tokens wrote one shared `token` beside the sites.
    const token = site.token ?? (state as { readonly token?: string }).token;
    return { url: site.api_url, ...(token === undefined ? {} : { token }) };
  }
  try {
    return JSON.parse(await readFile(clientConfigPath(), 'utf8')) as ClientConfig;
  } catch {
    throw new ArgumentError(
      'no site configured: run `flow init --ip IP --port PORT`, or `flow local up` in this folder',
    );
  }
}
