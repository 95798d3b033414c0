import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../client/flow-client.js';
import { isAlive } from '../../../local/federation/federation-state.js';
import { exampleJob } from '../../fixtures/jobs.js';

const run = promisify(execFile);
const flow = fileURLToPath(new URL('../../../bin/flow.js', import.meta.url));
const GUEST_TOKEN = 'local-test-guest-token-0123';

interface State {
  pid: number;
  sites: Array<{ party_id: number; api_url: string; token: string; board_url: string }>;
}

async function flowCli(cwd: string, ...args: string[]): Promise<{ retcode: number; retmsg: string; data?: unknown }> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.FATE_FLOW_URL;
  delete env.FATE_FLOW_TOKEN;
  delete env.FATE_FLOW_PARTY;
  const { stdout } = await run(process.execPath, [flow, ...args], { cwd, env }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? '',
  }));
  return JSON.parse(stdout) as { retcode: number; retmsg: string; data?: unknown };
}

describe('flow local up / down', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fate-flow-local-'));
    // The guest's token given, the host's generated: each site takes its own and no other.
    const sites = [{ party_id: 9999, token: GUEST_TOKEN }, { party_id: 10000 }];
    await writeFile(join(dir, 'federation.json'), JSON.stringify({ sites, scheduling: false }));
  });
  afterAll(async () => {
    await flowCli(dir, 'local', 'down', '-c', 'federation.json').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the sites in the background, one token each, keeps jobs and tokens across a restart, and stops them', async () => {
    const up = await flowCli(dir, 'local', 'up', '-c', 'federation.json');
    expect(up.retcode).toBe(0);
    const state = up.data as State;
    expect(state.sites.map((s) => s.party_id)).toEqual([9999, 10000]);
    expect(state.sites.every((s) => /^http:\/\/127\.0\.0\.1:\d+$/.test(s.api_url))).toBe(true);
    expect(isAlive(state.pid)).toBe(true);
    const [guestSite, hostSite] = state.sites;
    expect(guestSite?.token).toBe(GUEST_TOKEN);
    expect(hostSite?.token).toMatch(/^[0-9a-f]{48}$/);
    // Each site's board, its own token in the fragment; the page is served beside the API.
    expect(state.sites.map((s) => s.board_url)).toEqual(
      state.sites.map((s) => `${s.api_url}/board/#/jobs?token=${encodeURIComponent(s.token)}`),
    );
    const board = await fetch(guestSite?.board_url ?? '');
    expect([board.status, (await board.text()).includes('<div id="board"></div>')]).toEqual([200, true]);

    const guest = new FlowClient({ url: guestSite?.api_url ?? '', token: GUEST_TOKEN });
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await guest.post('/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);

    // The guest's token is not the host's.
    const guestTokenAtHost = new FlowClient({ url: hostSite?.api_url ?? '', token: GUEST_TOKEN });
    expect(await guestTokenAtHost.post('/v1/job/query', { job_id: submitted.jobId })).toEqual({
      retcode: 109,
      retmsg: 'authentication failed',
    });
    // The `flow` client in this folder uses each site's own token (`--party` picks the site).
    const atHost = await flowCli(dir, '--party', '10000', 'job', 'query', '-j', String(submitted.jobId));
    expect([atHost.retcode, (atHost.data as Array<{ f_role: string }>).map((r) => r.f_role).sort()]).toEqual([
      0,
      ['arbiter', 'host'],
    ]);

    const again = await flowCli(dir, 'local', 'up', '-c', 'federation.json');
    expect([again.retcode, again.retmsg, (again.data as State | undefined)?.pid]).toEqual([
      0,
      'already running',
      state.pid,
    ]);

    const down = await flowCli(dir, 'local', 'down', '-c', 'federation.json');
    expect(down.retmsg).toBe('stopped');
    expect(isAlive(state.pid)).toBe(false);
    await expect(readFile(join(dir, '.fate-flow', 'federation.json'))).rejects.toThrow(/ENOENT/);

    const restarted = (await flowCli(dir, 'local', 'up', '-c', 'federation.json')).data as State;
    expect(restarted.sites.map((s) => s.token)).toEqual([GUEST_TOKEN, hostSite?.token]);
    const host = new FlowClient({ url: restarted.sites[1]?.api_url ?? '', token: hostSite?.token ?? '' });
    const found = await host.post('/v1/job/query', { job_id: submitted.jobId });
    expect(found.retcode).toBe(0);
    expect(
      (found.data as Array<{ f_role: string; f_status: string }>).map((r) => [r.f_role, r.f_status]).sort(),
    ).toEqual([
      ['arbiter', 'waiting'],
      ['host', 'waiting'],
    ]);
    expect((await flowCli(dir, 'local', 'down', '-c', 'federation.json')).retmsg).toBe('stopped');
  }, 60_000);
});
