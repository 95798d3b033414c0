import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../client/flow-client.js';
import { parseFederationConfig } from '../../../local/federation/federation-config.js';
import { type LocalFederation, startLocalFederation } from '../../../local/federation/local-federation.js';
import { storeSnapshot } from '../../support/local-federation.js';
import { seedTestTls } from '../../support/test-tls.js';

const PARTY = 9999;
const TOKEN = 'test-components-token-0123456789';

/** A job only the guest plays, of one test component. */
const job = {
  job_dsl: { components: { source_0: { module: 'PassThrough', output: { data: ['data'] } } } },
  job_runtime_conf: {
    dsl_version: 2,
    initiator: { role: 'guest', party_id: PARTY },
    role: { guest: [PARTY] },
    job_parameters: { common: { task_cores: 1 } },
  },
};

/** One site as `flow local up` starts it from the config (its catalog is the config's choice), without scheduling. */
async function startSite(config: Record<string, unknown>): Promise<{ federation: LocalFederation; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-test-components-'));
  await seedTestTls(dataDir, [PARTY]);
  const federation = await startLocalFederation(parseFederationConfig({ sites: [{ party_id: PARTY }], ...config }), {
    dataDir,
    persistent: false,
    scheduling: false,
    auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
  });
  return { federation, dataDir };
}

describe('a default local site (no test_components in its config)', () => {
  let site: { federation: LocalFederation; dataDir: string };
  beforeAll(async () => {
    site = await startSite({});
  });
  afterAll(async () => {
    await site.federation.stop();
    await rm(site.dataDir, { recursive: true, force: true });
  });

  it('refuses a test component at submit as any unknown module, with retcode 101 naming it, storing nothing', async () => {
    const local = site.federation.site(PARTY);
    const before = await storeSnapshot(local, site.dataDir, { exceptNonces: true });
    const answer = await new FlowClient({ url: local.apiUrl, token: TOKEN }).post('/v1/job/submit', job);
    expect([answer.retcode, answer.retmsg]).toEqual([
      101,
      'dsl.components: unknown module PassThrough; this site knows: ' +
        'DataTransform, Evaluation, FeatureScale, HeteroLR, HomoLR, Intersection, Reader, SecureAddExample',
    ]);
    expect(await storeSnapshot(local, site.dataDir, { exceptNonces: true })).toEqual(before);
  });
});

describe('a site whose config opts into the test components', () => {
  let site: { federation: LocalFederation; dataDir: string };
  beforeAll(async () => {
    site = await startSite({ test_components: true });
  });
  afterAll(async () => {
    await site.federation.stop();
    await rm(site.dataDir, { recursive: true, force: true });
  });

  it('takes a job of test components', async () => {
    const local = site.federation.site(PARTY);
    const answer = await new FlowClient({ url: local.apiUrl, token: TOKEN }).post('/v1/job/submit', job);
    expect(answer.retcode).toBe(0);
    expect(local.services.site.catalog.modules()).toEqual([
      'DataTransform',
      'Evaluation',
      'Exchange',
      'FeatureScale',
      'HeteroLR',
      'HomoLR',
      'Intersection',
      'PassThrough',
      'Reader',
      'SecureAddExample',
      'Sleep',
    ]);
  });
});
