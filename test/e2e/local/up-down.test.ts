import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../cli/client/flow-client.js';
import { isAlive } from '../../../local/federation/federation-state.js';
import { exampleJob } from '../../fixtures/jobs.js';

const run = promisify(execFile);
const flow = fileURLToPath(new URL('../../../bin/flow.js', import.meta.url));

interface State {
  pid: number;
  token: string;
  sites: Array<{ party_id: number; api_url: string }>;
}

async function flowCli(cwd: string, ...args: string[]): Promise<{ retcode: number; retmsg: string; data?: State }> {
  const { stdout } = await run(process.execPath, [flow, ...args], { cwd });
  return JSON.parse(stdout) as { retcode: number; retmsg: string; data?: State };
}

describe('flow local up / down', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fate-flow-local-'));
    await writeFile(
      join(dir, 'federation.json'),
      JSON.stringify({ data_dir: 'data', token: 'local-test-token-0123', scheduling: false }),
    );
  });
  afterAll(async () => {
    await flowCli(dir, 'local', 'down', '-c', 'federation.json').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the sites in the background, keeps jobs across a restart, and stops them', async () => {
    const up = await flowCli(dir, 'local', 'up', '-c', 'federation.json');
    expect(up.retcode).toBe(0);
    const state = up.data as State;
    expect(state.sites.map((s) => s.party_id)).toEqual([9999, 10000]);
    expect(state.sites.every((s) => /^http:\/\/127\.0\.0\.1:\d+$/.test(s.api_url))).toBe(true);
    expect(isAlive(state.pid)).toBe(true);

    const guest = new FlowClient({ url: state.sites[0]?.api_url ?? '', token: 'local-test-token-0123' });
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await guest.post('/v1/job/submit', { dsl, runtime_conf: conf });
    expect(submitted.retcode).toBe(0);

    const again = await flowCli(dir, 'local', 'up', '-c', 'federation.json');
    expect([again.retcode, again.retmsg, again.data?.pid]).toEqual([0, 'already running', state.pid]);

    const down = await flowCli(dir, 'local', 'down', '-c', 'federation.json');
    expect(down.retmsg).toBe('stopped');
    expect(isAlive(state.pid)).toBe(false);
    await expect(readFile(join(dir, 'data', 'federation.json'))).rejects.toThrow(/ENOENT/);

    const restarted = (await flowCli(dir, 'local', 'up', '-c', 'federation.json')).data as State;
    const host = new FlowClient({ url: restarted.sites[1]?.api_url ?? '', token: 'local-test-token-0123' });
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
