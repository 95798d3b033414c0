import { boardUrl } from '../board/board-url.js';
import type { PassFailure, SitePass } from '../site/pass-watch.js';
import { readFederationConfig } from './federation-config.js';
import {
  dataDirOf,
  type FederationStateSite,
  type PassErrorView,
  removeState,
  writeState,
} from './federation-state.js';
import { type LocalFederation, startLocalFederation } from './local-federation.js';
import { localSiteAuth } from './site-auth.js';

/**
 * Runs a local federation in this process until SIGINT/SIGTERM: starts every site, records the
 * state file, and on a signal stops the sites and removes the file. `flow local up` runs this in
 * a detached child; `flow local serve` in the foreground. A site's scheduler or detector pass that
 * throws is recorded in the state file too, for `flow local status`.
 */
export async function serveFederation(
  configPath: string | undefined,
  log: (line: string) => void,
): Promise<LocalFederation> {
  const config = await readFederationConfig(configPath);
  const dataDir = dataDirOf(config, configPath);
  const { tokenOf, auth } = await localSiteAuth(config, dataDir);
  const passErrors = new Map<number, PassErrorView>();
  let sites: FederationStateSite[] | undefined;
  // One write at a time, each of the latest state; none once the federation is stopping.
  let writes: Promise<void> = Promise.resolve();
  let stopping = false;
  const record = () => {
    writes = writes.then(async () => {
      if (sites === undefined || stopping) return;
      const withErrors = sites.map((site) => {
        const error = passErrors.get(site.party_id);
        return error === undefined ? site : { ...site, last_pass_error: error };
      });
      await writeState(dataDir, { pid: process.pid, sites: withErrors });
    });
    writes = writes.catch((error: unknown) => log(`could not write the state file: ${String(error)}`));
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const onPassFailed = ({ partyId, pass, message, at, since }: PassFailure) => {
    passErrors.set(partyId, { pass, message, at: iso(at), failing_since: iso(since) });
    record();
  };
  const onPassRecovered = (partyId: number, pass: SitePass, at: number) => {
    const last = passErrors.get(partyId);
    if (last?.pass !== pass) return;
    passErrors.set(partyId, { ...last, recovered_at: iso(at) });
    record();
  };
  const federation = await startLocalFederation(config, {
    dataDir,
    auth,
    loops: { onPassFailed, onPassRecovered },
  });
  sites = federation.sites.map((site) => ({
    party_id: site.partyId,
    api_url: site.apiUrl,
    token: tokenOf(site.partyId),
    board_url: boardUrl(site.apiUrl, { token: tokenOf(site.partyId) }),
  }));
  record();
  await writes;
  for (const site of sites) log(`party ${site.party_id}: ${site.api_url}, board ${site.board_url}`);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the federation`);
    await federation.stop();
    await writes;
    await removeState(dataDir);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return federation;
}
