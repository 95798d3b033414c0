import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { resolveClientConfig, saveClientConfig } from '../../../client/client-config.js';
import { ArgumentError } from '../../../functions/domain/errors.js';

const VARIABLES = ['FATE_FLOW_URL', 'FATE_FLOW_TOKEN', 'FATE_FLOW_CLIENT_CONFIG'] as const;

describe('resolveClientConfig', () => {
  const saved = new Map<string, string | undefined>();
  let settings: string;

  beforeEach(async () => {
    for (const name of VARIABLES) saved.set(name, process.env[name]);
    for (const name of VARIABLES) delete process.env[name];
    settings = join(await mkdtemp(join(tmpdir(), 'client-config-')), 'client.json');
    process.env.FATE_FLOW_CLIENT_CONFIG = settings;
  });

  afterEach(() => {
    for (const name of VARIABLES) {
      const value = saved.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const running = { url: 'http://127.0.0.1:9999', token: 'running-token' };

  it('takes FATE_FLOW_URL and FATE_FLOW_TOKEN before a running site', async () => {
    process.env.FATE_FLOW_URL = 'http://10.0.0.1:9380';
    process.env.FATE_FLOW_TOKEN = 'env-token';
    await expect(resolveClientConfig({ runningSite: async () => running })).resolves.toEqual({
      url: 'http://10.0.0.1:9380',
      token: 'env-token',
    });
  });

  it('takes the running site before the saved settings', async () => {
    await saveClientConfig({ url: 'http://10.0.0.2:9380' });
    await expect(resolveClientConfig({ runningSite: async () => running })).resolves.toEqual(running);
  });

  it('falls back to what `flow init` saved, kept readable by its owner only', async () => {
    await saveClientConfig({ url: 'http://10.0.0.2:9380', token: 'saved' });
    expect(JSON.parse(await readFile(settings, 'utf8'))).toEqual({ url: 'http://10.0.0.2:9380', token: 'saved' });
    expect((await stat(settings)).mode & 0o777).toBe(0o600);
    await expect(resolveClientConfig({ runningSite: async () => undefined })).resolves.toEqual({
      url: 'http://10.0.0.2:9380',
      token: 'saved',
    });
  });

  it('without any, says how to configure one', async () => {
    const refusal = resolveClientConfig();
    await expect(refusal).rejects.toBeInstanceOf(ArgumentError);
    await expect(refusal).rejects.toThrow(
      'no site configured: run `flow init --ip IP --port PORT`, or `flow local up` in this folder',
    );
  });
});
