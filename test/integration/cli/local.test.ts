import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { flow } from './support/flow-cli.js';

// `flow local up`/`down` with real processes: test/e2e/local/up-down.test.ts. A config refused
// before anything starts needs no process.
describe('flow local up', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fate-flow-local-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a config with one token for every site and says what to write instead', async () => {
    await writeFile(join(dir, 'shared.json'), JSON.stringify({ token: 'one-token-for-all-0123' }));
    const result = await flow(['local', 'up', '-c', 'shared.json'], { cwd: dir });
    expect([result.code, result.json]).toEqual([
      1,
      {
        retcode: 101,
        retmsg:
          'federation config.token: one token for every site is no longer taken: give each site its own in sites[].token, or leave it out and `flow local up` generates one per site',
      },
    ]);
  });
});

describe('flow local status', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fate-flow-status-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("names a site whose pass fails, with the error, its pass and since when, from the federation's state file", async () => {
    // As serve-federation.ts records it; this process's pid stands for the serving one.
    const failing = {
      pass: 'scheduler',
      message: 'TypeError: Promise.withResolvers is not a function',
      at: '2026-12-07T10:01:05.000Z',
      failing_since: '2026-12-07T10:00:00.000Z',
    };
    const recovered = { ...failing, pass: 'detector', recovered_at: '2026-12-07T10:00:30.000Z' };
    const state = {
      pid: process.pid,
      sites: [
        { party_id: 9999, api_url: 'http://127.0.0.1:9380', token: 't1', last_pass_error: failing },
        { party_id: 10000, api_url: 'http://127.0.0.1:9381', token: 't2', last_pass_error: recovered },
      ],
    };
    await mkdir(join(dir, '.fate-flow'), { recursive: true });
    await writeFile(join(dir, '.fate-flow', 'federation.json'), JSON.stringify(state));

    const result = await flow(['local', 'status'], { cwd: dir });

    expect([result.code, result.json]).toEqual([
      0,
      {
        retcode: 0,
        retmsg:
          "running, but party 9999's scheduler pass fails since 2026-12-07T10:00:00.000Z: TypeError: Promise.withResolvers is not a function",
        data: state,
      },
    ]);
  });
});
