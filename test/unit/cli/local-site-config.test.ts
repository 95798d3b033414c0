import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { runningLocalSite } from '../../../cli/local-site-config.js';
import { ArgumentError } from '../../../functions/domain/errors.js';
import { writeState } from '../../../local/federation/federation-state.js';

describe('runningLocalSite', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-site-config-'));
  });

  it('is undefined where no federation runs', async () => {
    await expect(runningLocalSite({ dataDir })).resolves.toBeUndefined();
  });

  it("is the first site by default, or the one --party names, each with that site's own token", async () => {
    await writeState(dataDir, {
      pid: 1,
      sites: [
        { party_id: 9999, api_url: 'http://127.0.0.1:9999', token: 'guest-token' },
        { party_id: 10000, api_url: 'http://127.0.0.1:10000', token: 'host-token' },
      ],
    });
    await expect(runningLocalSite({ dataDir })).resolves.toEqual({
      url: 'http://127.0.0.1:9999',
      token: 'guest-token',
    });
    await expect(runningLocalSite({ dataDir, party: 10000 })).resolves.toEqual({
      url: 'http://127.0.0.1:10000',
      token: 'host-token',
    });
    const refusal = runningLocalSite({ dataDir, party: 10001 });
    await expect(refusal).rejects.toBeInstanceOf(ArgumentError);
    await expect(refusal).rejects.toThrow('the local federation has no site for party 10001');
  });
});
