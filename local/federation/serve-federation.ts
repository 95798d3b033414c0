import { readFederationConfig } from './federation-config.js';
import { dataDirOf, removeState, writeState } from './federation-state.js';
import { type LocalFederation, startLocalFederation } from './local-federation.js';
import { localSiteAuth } from './site-auth.js';

/**
 * Runs a local federation in this process until SIGINT/SIGTERM: starts every site, records the
 * state file, and on a signal stops the sites and removes the file. `flow local up` runs this in
 * a detached child; `flow local serve` in the foreground.
 */
export async function serveFederation(
  configPath: string | undefined,
  log: (line: string) => void,
): Promise<LocalFederation> {
  const config = await readFederationConfig(configPath);
  const dataDir = dataDirOf(config, configPath);
  const { tokenOf, auth } = await localSiteAuth(config, dataDir);
  const federation = await startLocalFederation(config, { dataDir, auth });
  const sites = federation.sites.map((site) => ({
    party_id: site.partyId,
    api_url: site.apiUrl,
    token: tokenOf(site.partyId),
  }));
  await writeState(dataDir, { pid: process.pid, sites });
  for (const site of sites) log(`party ${site.party_id}: ${site.api_url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the federation`);
    await federation.stop();
    await removeState(dataDir);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return federation;
}
