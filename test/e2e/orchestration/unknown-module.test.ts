import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { storeSnapshot, type TestFederation } from '../../support/local-federation.js';
import { component, GUEST, HOST, jobOf, startSchedulingFederation } from './support.js';

/** A FATE job whose DSL names a module these sites' runners do not have (HeteroSecureBoost). */
const { conf } = jobOf({ arbiter: false, components: { source_0: component('PassThrough') } });
const dsl = {
  components: {
    source_0: component('PassThrough'),
    boost_0: { module: 'HeteroSecureBoost', input: { data: { train_data: ['source_0.data'] } } },
  },
};

describe('a job naming a module no site can run', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
  }, 20_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('is refused at submit with retcode 101 naming the module and what the site knows, and nothing is stored', async () => {
    const before = await Promise.all(
      [GUEST, HOST].map((party) => storeSnapshot(federation.site(party), federation.dataDir)),
    );

    const answer = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });

    expect([answer.retcode, answer.retmsg]).toEqual([
      101,
      'dsl.components: unknown module HeteroSecureBoost; this site knows: ' +
        'DataTransform, Evaluation, Exchange, FeatureScale, HeteroLR, HomoLR, Intersection, PassThrough, Reader, Sleep',
    ]);
    const after = await Promise.all(
      [GUEST, HOST].map((party) => storeSnapshot(federation.site(party), federation.dataDir)),
    );
    expect(after).toEqual(before);
  });
});
