/**
 * Finding 7, one token for every local site: the guest's user could read the host's raw table with
 * the guest's own token. `flow local up` now gives each site its own token (localSiteAuth, what
 * serve-federation runs); the guest's is refused at the host and nothing there changes.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../client/flow-client.js';
import { catalogOf } from '../../functions/domain/plan/component-catalog.js';
import { parseFederationConfig } from '../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../local/federation/local-federation.js';
import { type LocalSiteAuth, localSiteAuth } from '../../local/federation/site-auth.js';
import { seedTestTls } from '../support/test-tls.js';
import { snapshotSite } from './support/store-snapshot.js';

const GUEST = 9999;
const HOST = 10000;
const table = { namespace: 'experiment', table_name: 'breast_hetero_host' };
const csv = 'id,x0,x1\n1,0.5,0.25\n2,0.75,0.125\n';

describe("each local site's own token", () => {
  let dataDir: string;
  let federation: LocalFederation;
  let siteAuth: LocalSiteAuth;
  const client = (partyId: number, token: string) => new FlowClient({ url: federation.site(partyId).apiUrl, token });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-tokens-'));
    const config = parseFederationConfig({ scheduling: false });
    siteAuth = await localSiteAuth(config, dataDir);
    await seedTestTls(
      dataDir,
      config.sites.map((site) => site.party_id),
    );
    federation = await startLocalFederation(config, {
      dataDir,
      auth: (partyId) => siteAuth.auth(partyId),
      persistent: false,
      catalog: catalogOf([], { acceptUnknownModules: true }),
    });
    const host = client(HOST, siteAuth.tokenOf(HOST));
    const conf = { ...table, head: 1, partition: 1, id_delimiter: ',' };
    const uploaded = await host.upload('/v1/data/upload', conf, 'host.csv', new TextEncoder().encode(csv));
    expect(uploaded.retcode).toBe(0);
  });
  afterAll(async () => {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are two, generated, kept 0600 in each site folder, and the same at the next start', async () => {
    const tokens = [siteAuth.tokenOf(GUEST), siteAuth.tokenOf(HOST)];
    expect(tokens.every((token) => /^[0-9a-f]{48}$/.test(token))).toBe(true);
    expect(new Set(tokens).size).toBe(2);
    for (const [partyId, token] of [
      [GUEST, tokens[0]],
      [HOST, tokens[1]],
    ] as const) {
      const path = join(dataDir, `party-${partyId}`, 'token');
      expect((await readFile(path, 'utf8')).trim()).toBe(token);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    }
    const again = await localSiteAuth(parseFederationConfig({}), dataDir);
    expect([again.tokenOf(GUEST), again.tokenOf(HOST)]).toEqual(tokens);
  });

  it("refuses the guest's token at the host: no table info, no raw table, nothing written", async () => {
    const guestsTokenAtHost = client(HOST, siteAuth.tokenOf(GUEST));
    const host = federation.site(HOST);
    const before = await snapshotSite(host);
    const refused = { retcode: 109, retmsg: 'authentication failed' };
    expect(await guestsTokenAtHost.post('/v1/table/table_info', table)).toEqual(refused);
    expect(await guestsTokenAtHost.post('/v1/data/download', table)).toEqual(refused);
    expect(await guestsTokenAtHost.post('/v1/table/delete', table)).toEqual(refused);
    expect(await snapshotSite(host)).toEqual(before);
  });

  it("takes the host's token at the host and the guest's at the guest", async () => {
    const info = await client(HOST, siteAuth.tokenOf(HOST)).post('/v1/table/table_info', table);
    expect([info.retcode, (info.data as { count?: number }).count]).toEqual([0, 2]);
    const versions = await client(GUEST, siteAuth.tokenOf(GUEST)).post('/v1/version/get', {});
    expect([versions.retcode, versions.retmsg]).toEqual([0, 'success']);
  });
});

describe('the federation config', () => {
  it('takes a token per site and refuses two sites with the same one', () => {
    const given = 'guest-token-0123456789';
    expect(parseFederationConfig({ sites: [{ party_id: GUEST, token: given }] }).sites[0]?.token).toBe(given);
    expect(() =>
      parseFederationConfig({
        sites: [
          { party_id: GUEST, token: given },
          { party_id: HOST, token: given },
        ],
      }),
    ).toThrow('federation config.sites: parties 9999 and 10000 have the same token; give each site its own');
  });

  it('refuses the old top-level token by name and says what to write instead', () => {
    expect(() => parseFederationConfig({ token: 'one-token-for-all-0123' })).toThrow(
      'federation config.token: one token for every site is no longer taken: give each site its own in sites[].token, or leave it out and `flow local up` generates one per site',
    );
  });

  it('uses a token the config gives a site instead of generating one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fate-flow-tokens-'));
    try {
      const config = parseFederationConfig({
        sites: [{ party_id: GUEST, token: 'guest-token-0123456789' }, { party_id: HOST }],
      });
      const auth = await localSiteAuth(config, dir);
      expect(auth.tokenOf(GUEST)).toBe('guest-token-0123456789');
      expect(auth.auth(HOST)).toEqual({
        mode: 'credentials',
        bearerTokens: [auth.tokenOf(HOST)],
        appKeys: {},
      });
      await expect(readFile(join(dir, `party-${GUEST}`, 'token'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
