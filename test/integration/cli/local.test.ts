import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
