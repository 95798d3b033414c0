import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PipelinedModel } from '../../../functions/domain/model/pipelined-model.js';
import { type CliFederation, flow, GUEST, HOST, startCliFederation } from './support/flow-cli.js';

const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;
const TRAINED = '202601010000000000001';
const VERSION = '202601010000000000002';

const inferenceDsl = {
  components: {
    reader_0: { module: 'Reader', output: { data: ['data'] } },
    lr_0: { module: 'HomoLR', input: { data: { test_data: ['reader_0.data'] }, model: ['pipeline.lr_0.model'] } },
  },
};

/** A deployed model of one party, as `model deploy` leaves it (seeded: no training runs in these tests). */
function deployed(role: 'guest' | 'host' | 'arbiter', partyId: number): PipelinedModel {
  return {
    modelId: MODEL_ID,
    modelVersion: VERSION,
    role,
    partyId,
    initiator: { role: 'guest', partyId: GUEST },
    roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
    jobId: TRAINED,
    parent: false,
    parentInfo: { modelId: MODEL_ID, modelVersion: TRAINED },
    trainDsl: { components: { reader_0: { module: 'Reader' }, lr_0: { module: 'HomoLR' } } },
    trainRuntimeConf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: GUEST },
      role: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
      job_parameters: { common: { model_id: MODEL_ID, model_version: VERSION } },
    },
    inferenceDsl,
    components: {
      reader_0: { module: 'Reader', ranHere: role !== 'arbiter', models: {} },
      lr_0: {
        module: 'HomoLR',
        ranHere: true,
        models: {
          model: {
            location: `outputs/${TRAINED}/lr_0/${role}/${partyId}/v0/model.json`,
            meta: { model_type: 'HomoLR' },
          },
        },
      },
    },
    imported: false,
    createTime: 1,
  };
}

let sites: CliFederation;
let guest: { url: string; cwd: string };

beforeAll(async () => {
  sites = await startCliFederation();
  guest = { url: sites.url(GUEST), cwd: sites.workDir };
  for (const [role, partyId] of [
    ['guest', GUEST],
    ['host', HOST],
    ['arbiter', HOST],
  ] as const) {
    const { services } = sites.federation.site(partyId);
    const model = deployed(role, partyId);
    await services.objects.put(
      model.components.lr_0?.models.model?.location ?? '',
      JSON.stringify({ coef: [role.length] }),
    );
    await services.models.putModel(model);
  }
}, 30_000);

afterAll(async () => {
  await sites.stop();
});

const ids = ['--model-id', MODEL_ID, '--model-version', VERSION];

describe('flow model', () => {
  it("get-predict-dsl and get-predict-conf write the files FATE's client names under -o", async () => {
    const out = join(sites.workDir, 'predict');
    const dsl = await flow(['model', 'get-predict-dsl', ...ids, '-o', out], guest);
    const dslPath = join(out, `predict_dsl_${VERSION}.json`);
    expect([dsl.code, dsl.json]).toEqual([
      0,
      { retcode: 0, retmsg: `Query predict dsl successfully. File path is: ${dslPath}` },
    ]);
    expect(JSON.parse(await readFile(dslPath, 'utf8'))).toEqual(inferenceDsl);

    const conf = await flow(['model', 'get-predict-conf', ...ids, '-o', out], guest);
    expect(conf.code).toBe(0);
    const template = JSON.parse(await readFile(join(out, `predict_conf_${VERSION}.json`), 'utf8'));
    expect(template.component_parameters.role.host).toEqual({
      '0': { reader_0: { table: { name: 'name_to_be_filled_0', namespace: 'namespace_to_be_filled_0' } } },
    });
  });

  it("get-model-info prints FATE's short rows; an unknown version exits 1 with 101", async () => {
    const info = await flow(['model', 'get-model-info', ...ids], { url: sites.url(HOST), cwd: sites.workDir });
    expect(info.code).toBe(0);
    expect(
      (info.json.data as Record<string, unknown>[]).map((row) => [row.f_role, row.f_party_id, row.f_parent]),
    ).toEqual([
      ['arbiter', String(HOST), false],
      ['host', String(HOST), false],
    ]);
    const unknown = await flow(['model', 'get-model-info', '--model-version', '202601010000000000099'], guest);
    expect([unknown.code, (unknown.json as { retcode: number }).retcode]).toEqual([1, 101]);
  });

  it('load asks the guest and the host over the federation (the host, which never saw the training job, refuses); bind records a service id', async () => {
    const conf = join(sites.workDir, 'bind.json');
    await writeFile(
      conf,
      JSON.stringify({ job_parameters: { model_id: MODEL_ID, model_version: VERSION }, service_id: 'breast' }),
    );
    const load = await flow(['model', 'load', '-c', conf], guest);
    expect([load.code, load.json.retcode, load.json.data]).toEqual([
      1,
      101,
      {
        guest: { [GUEST]: 0 },
        host: { [HOST]: 108 },
        detail: {
          guest: { [GUEST]: { retcode: 0, retmsg: 'success' } },
          host: {
            [HOST]: {
              retcode: 108,
              retmsg: `job ${TRAINED} is unknown here; only its initiator's job.create may come first`,
            },
          },
        },
      },
    ]);
    const bind = await flow(['model', 'bind', '-c', conf], guest);
    expect([bind.code, bind.json]).toEqual([0, { retcode: 0, retmsg: 'service id is breast' }]);
  });

  it('export writes the archive under -o; import at another site takes it', async () => {
    const confPath = join(sites.workDir, 'export.json');
    await writeFile(
      confPath,
      JSON.stringify({ model_id: MODEL_ID, model_version: VERSION, role: 'host', party_id: HOST }),
    );
    const out = join(sites.workDir, 'exported');
    const exported = await flow(['model', 'export', '-c', confPath, '-o', out], {
      url: sites.url(HOST),
      cwd: sites.workDir,
    });
    expect(exported.code).toBe(0);
    const [file = ''] = await readdir(out);
    expect(file).toBe(`host~${HOST}~${MODEL_ID.replaceAll('#', '~')}_${VERSION}.json.gz`);

    const elsewhere = await startCliFederation();
    try {
      const importPath = join(sites.workDir, 'import.json');
      await writeFile(
        importPath,
        JSON.stringify({
          model_id: MODEL_ID,
          model_version: VERSION,
          role: 'host',
          party_id: HOST,
          file: join(out, file),
        }),
      );
      const imported = await flow(['model', 'import', '-c', importPath], {
        url: elsewhere.url(HOST),
        cwd: sites.workDir,
      });
      expect([imported.code, imported.json]).toEqual([0, { retcode: 0, retmsg: 'success' }]);
      const model = await elsewhere.federation.site(HOST).services.models.getModel(VERSION, 'host', HOST);
      expect([model?.imported, model?.components.lr_0?.models.model?.location]).toEqual([
        true,
        `models/${VERSION}/host/${HOST}/lr_0/model.json`,
      ]);
    } finally {
      await elsewhere.stop();
    }
  });

  it('deploy refuses a version this site did not train, exiting 1', async () => {
    const result = await flow(['model', 'deploy', ...ids, '--cpn-list', 'reader_0, lr_0'], guest);
    expect([result.code, result.json]).toEqual([
      1,
      {
        retcode: 101,
        retmsg: `Deploy model failed. Model ${MODEL_ID} ${VERSION} is a deployed (child) version; deploy its training version ${TRAINED}`,
      },
    ]);
  });
});
