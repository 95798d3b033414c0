import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FATE_FLOW_VERSION, FATE_VERSION, SERVERLESS_VERSION } from '../../../functions/version.js';
import { writeState } from '../../../local/federation/federation-state.js';
import { type CliFederation, flow, GUEST, HOST, startCliFederation, TOKEN } from './support/flow-cli.js';

const VERSIONS = { FATE: FATE_VERSION, FATEFlow: FATE_FLOW_VERSION, FATEFlowServerless: SERVERLESS_VERSION };

let sites: CliFederation;
let guest: { url: string };

beforeAll(async () => {
  sites = await startCliFederation();
  guest = { url: sites.url(GUEST) };
});

afterAll(async () => {
  await sites.stop();
});

describe('flow privilege', () => {
  it('grants from flags, queries, and deletes with a FATE conf file', async () => {
    const grant = await flow(
      [
        'privilege',
        'grant',
        '-p',
        '10000',
        '--component',
        'HeteroLR,reader',
        '--dataset',
        'experiment.breast_hetero_guest',
      ],
      guest,
    );
    expect([grant.code, grant.json]).toEqual([0, { retcode: 0, retmsg: 'success' }]);
    const granted = await flow(['privilege', 'query', '-p', '10000'], guest);
    expect(granted.json).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { component: ['heterolr', 'reader'], dataset: [{ namespace: 'experiment', name: 'breast_hetero_guest' }] },
    });

    const conf = join(sites.workDir, 'delete.json');
    await writeFile(
      conf,
      JSON.stringify({
        party_id: 10000,
        component: 'reader',
        dataset: [{ namespace: 'experiment', name: 'breast_hetero_guest' }],
      }),
    );
    const deleted = await flow(['privilege', 'delete', '-c', conf], guest);
    expect([deleted.code, deleted.json]).toEqual([0, { retcode: 0, retmsg: 'success', data: { deleted: 2 } }]);
    const left = await flow(['privilege', 'query', '-p', '10000'], guest);
    expect(left.json.data).toEqual({ component: ['heterolr'], dataset: [] });
  });

  it('exits 1 without a party to grant to', async () => {
    const result = await flow(['privilege', 'grant', '--component', 'reader'], guest);
    expect([result.code, result.json]).toEqual([
      1,
      { retcode: 101, retmsg: 'give the party with -p PARTY_ID or a conf with party_id' },
    ]);
  });
});

describe('flow server versions and resource query', () => {
  it("prints the site's versions", async () => {
    const result = await flow(['server', 'versions'], guest);
    expect([result.code, result.json]).toEqual([0, { retcode: 0, retmsg: 'success', data: VERSIONS }]);
  });

  it("prints the site's pool with nothing in use", async () => {
    const result = await flow(['resource', 'query'], guest);
    expect([result.code, result.json]).toEqual([
      0,
      {
        retcode: 0,
        retmsg: 'success',
        data: {
          computing_engine_resource: {
            f_engine_name: 'default',
            f_cores: 20,
            f_memory: 0,
            f_nodes: 1,
            f_remaining_cores: 20,
            f_remaining_memory: 0,
          },
          use_resource_job: [],
        },
      },
    ]);
  });
});

describe('authentication', () => {
  it('answers a wrong token with retcode 109 and exits 1', async () => {
    const result = await flow(['server', 'versions'], { ...guest, token: 'not-the-token-of-this-site' });
    expect([result.code, result.json]).toEqual([1, { retcode: 109, retmsg: 'authentication failed' }]);
  });
});

describe('flow init', () => {
  it('saves the site, which later commands use without FATE_FLOW_URL', async () => {
    const env = { FATE_FLOW_CLIENT_CONFIG: join(sites.workDir, 'init', 'client.json') };
    const { port } = new URL(guest.url);
    const init = await flow(['init', '--ip', '127.0.0.1', '--port', port, '--token', TOKEN], { env });
    expect([init.code, init.json]).toEqual([
      0,
      { retcode: 0, retmsg: 'Fate Flow CLI has been initialized successfully.' },
    ]);
    expect(JSON.parse(await readFile(env.FATE_FLOW_CLIENT_CONFIG, 'utf8'))).toEqual({
      url: `http://127.0.0.1:${port}`,
      token: TOKEN,
    });
    const versions = await flow(['server', 'versions'], { env, cwd: sites.workDir });
    expect([versions.code, versions.json.data]).toEqual([0, VERSIONS]);
  });

  it("prints FATE's failure and exits 1 without --ip and --port", async () => {
    const env = { FATE_FLOW_CLIENT_CONFIG: join(sites.workDir, 'init', 'never.json') };
    const result = await flow(['init', '--ip', '127.0.0.1'], { env });
    expect([result.code, result.json]).toEqual([
      1,
      {
        retcode: 100,
        retmsg:
          'Fate Flow CLI initialization failed. Please provides server configuration file path or server http ip address and port information.',
      },
    ]);
  });
});

describe('--party', () => {
  it("picks the local federation's site by party id, from the flag or FATE_FLOW_PARTY, with that site's own token", async () => {
    const folder = join(sites.workDir, 'project');
    await mkdir(folder);
    // The guest's entry carries a token no site takes: only a client using each site's own token gets it right.
    const tokens = new Map([
      [GUEST, 'not-a-token-any-site-takes-0000'],
      [HOST, TOKEN],
    ]);
    const state = [GUEST, HOST].map((partyId) => ({
      party_id: partyId,
      api_url: sites.url(partyId),
      token: tokens.get(partyId) ?? '',
    }));
    await writeState(join(folder, '.fate-flow'), { pid: process.pid, sites: state });
    await flow(['privilege', 'grant', '-p', '8888', '--component', 'reader'], { url: sites.url(HOST) });

    const query = ['privilege', 'query', '-p', '8888'];
    const [atHost, atHostByEnv, atGuest] = await Promise.all([
      flow(['--party', String(HOST), ...query], { cwd: folder }),
      flow(query, { cwd: folder, env: { FATE_FLOW_PARTY: String(HOST) } }),
      flow(query, { cwd: folder }),
    ]);
    expect([atHost.json, atHostByEnv.json, atGuest.json]).toEqual([
      { retcode: 0, retmsg: 'success', data: { component: ['reader'], dataset: [] } },
      { retcode: 0, retmsg: 'success', data: { component: ['reader'], dataset: [] } },
      { retcode: 109, retmsg: 'authentication failed' },
    ]);
  });
});
