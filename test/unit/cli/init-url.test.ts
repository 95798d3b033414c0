import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { runFlow } from '../../support/flow-in-process.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flow-init-url-'));
});

/** Runs `flow init …` in this process with its own settings file; the saved settings or undefined. */
async function init(name: string, args: string[], env: Record<string, string | undefined> = {}) {
  const path = join(folder, `${name}.json`);
  const result = await runFlow(['init', ...args], {
    cwd: folder,
    env: { FATE_FLOW_CLIENT_CONFIG: path, AWS_REGION: undefined, ...env },
  });
  const saved = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as unknown,
    () => undefined,
  );
  return { code: result.code, stdout: result.stdout, saved };
}

describe('flow init --url', () => {
  it("signs with SigV4 for a deployed site's execute-api URL, its region read from the host", async () => {
    const result = await init('execute-api', ['--url', 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/']);
    expect([result.code, result.saved]).toEqual([
      0,
      { url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com', sigv4: { region: 'eu-west-1' } },
    ]);
  });

  it('takes a profile, and a region for a custom domain (from --region or AWS_REGION)', async () => {
    expect(
      (await init('profile', ['--url', 'https://flow.example.org', '--region', 'us-east-2', '--profile', 'fate']))
        .saved,
    ).toEqual({
      url: 'https://flow.example.org',
      sigv4: { region: 'us-east-2', profile: 'fate' },
    });
    expect(
      (
        await init('env-region', ['--url', 'https://flow.example.org', '--profile', 'fate'], {
          AWS_REGION: 'ap-south-1',
        })
      ).saved,
    ).toEqual({
      url: 'https://flow.example.org',
      sigv4: { region: 'ap-south-1', profile: 'fate' },
    });
  });

  it('keeps a bearer token, or a plain URL, without SigV4', async () => {
    expect((await init('token', ['--url', 'http://127.0.0.1:9380', '--token', 't0k'])).saved).toEqual({
      url: 'http://127.0.0.1:9380',
      token: 't0k',
    });
    expect((await init('plain', ['--url', 'http://127.0.0.1:9380'])).saved).toEqual({ url: 'http://127.0.0.1:9380' });
  });

  it('refuses what cannot work, saving nothing', async () => {
    const noRegion = await init('no-region', ['--url', 'https://flow.example.org', '--profile', 'fate']);
    expect([noRegion.code, noRegion.saved, JSON.parse(noRegion.stdout)]).toEqual([
      1,
      undefined,
      { retcode: 100, retmsg: 'SigV4 needs a region: give --region (the URL is not an execute-api one)' },
    ]);
    const both = await init('both', ['--url', 'https://flow.example.org', '--token', 't', '--region', 'eu-west-1']);
    expect([both.code, both.saved]).toEqual([1, undefined]);
    const notUrl = await init('not-url', ['--url', 'ftp://flow.example.org']);
    expect([notUrl.code, notUrl.saved]).toEqual([1, undefined]);
  });
});
