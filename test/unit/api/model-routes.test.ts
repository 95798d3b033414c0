import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import type { ApiRequest, ApiResult, UploadedFile } from '../../../functions/api/route.js';
import { modelRoutes } from '../../../functions/api/routes/model-routes.js';
import type { SiteServices } from '../../../functions/services/site-services.js';
import { fakeFederation, GUEST, HOST } from '../../support/fakes/fake-federation.js';
import { MODEL_ID, trainedJob } from '../services/models/trained-job.js';

function call(services: SiteServices, method: 'GET' | 'POST', path: string, body: unknown, files: UploadedFile[] = []) {
  const route = modelRoutes.find((r) => r.method === method && r.path === path);
  if (route === undefined) throw new Error(`no route ${method} ${path}`);
  const request: ApiRequest = { method, path, body, query: {}, headers: {}, files };
  return route.handler(request, services);
}

function envelopeOf(result: ApiResult) {
  if (result.kind !== 'envelope') throw new Error('expected an envelope');
  return result.envelope;
}

function fileOf(result: ApiResult) {
  if (result.kind !== 'file') throw new Error('expected a file');
  return result;
}

async function deployed() {
  const federation = fakeFederation();
  const jobId = await trainedJob(federation);
  const answer = envelopeOf(
    await call(federation.guest.services, 'POST', '/v1/model/deploy', {
      model_id: MODEL_ID,
      model_version: jobId,
      cpn_list: 'read_a, fit_a',
      components_checkpoint: {},
    }),
  );
  expect(answer.retcode).toBe(0);
  return { federation, jobId, version: String((answer.data as { model_version: string }).model_version) };
}

describe('/v1/model routes (FATE-Flow 1.11 bodies and answers)', () => {
  it("deploy takes FATE's client body and refuses a checkpoint deploy and a missing model_version by name", async () => {
    const federation = fakeFederation();
    await expect(
      call(federation.guest.services, 'POST', '/v1/model/deploy', { model_id: MODEL_ID }),
    ).rejects.toMatchObject({ retcode: 101, message: expect.stringMatching(/^request\.model_version: /) });
    await expect(
      call(federation.guest.services, 'POST', '/v1/model/deploy', {
        model_id: MODEL_ID,
        model_version: '202601010000000000001',
        components_checkpoint: { fit_a: { step_index: 3 } },
      }),
    ).rejects.toMatchObject({
      retcode: 101,
      message: 'components_checkpoint: deploying from a checkpoint is not supported; deploy the trained model',
    });
  });

  it("get/predict/dsl answers the DSL, or a file when FATE's client names one", async () => {
    const { federation, version } = await deployed();
    const dsl = envelopeOf(
      await call(federation.guest.services, 'POST', '/v1/model/get/predict/dsl', {
        model_id: MODEL_ID,
        model_version: version,
      }),
    );
    expect(Object.keys((dsl.data as { components: object }).components)).toEqual(['read_a', 'fit_a']);
    const file = fileOf(
      await call(federation.guest.services, 'POST', '/v1/model/get/predict/conf', {
        model_id: MODEL_ID,
        model_version: version,
        filename: 'predict_conf_1.json',
      }),
    );
    expect(file.filename).toBe('predict_conf_1.json');
    expect(JSON.parse(new TextDecoder().decode(file.body)).job_parameters.common).toEqual({
      task_cores: 1,
      job_type: 'predict',
      model_id: MODEL_ID,
      model_version: version,
    });
  });

  it("query answers FATE's rows; an unknown version is 101", async () => {
    const { federation, jobId, version } = await deployed();
    const rows = envelopeOf(
      await call(federation.guest.services, 'POST', '/v1/model/query', {
        model_version: version,
        query_filters: ['model_id', 'role', 'parent_info'],
      }),
    );
    expect(rows).toEqual({
      retcode: 0,
      retmsg: 'Query model info successfully',
      data: [
        {
          f_model_id: MODEL_ID,
          f_role: 'guest',
          f_parent_info: { parent_model_id: MODEL_ID, parent_model_version: jobId },
        },
      ],
    });
    await expect(
      call(federation.guest.services, 'POST', '/v1/model/query', { model_version: '202601010000000000009' }),
    ).rejects.toMatchObject({ retcode: 101 });
  });

  it('load and bind name the model by job_parameters; bind without a service id is refused', async () => {
    const { federation, version } = await deployed();
    const job_parameters = { model_id: MODEL_ID, model_version: version };
    const load = envelopeOf(await call(federation.guest.services, 'POST', '/v1/model/load', { job_parameters }));
    expect([load.retcode, load.jobId]).toEqual([0, version]);
    await expect(call(federation.guest.services, 'POST', '/v1/model/bind', { job_parameters })).rejects.toMatchObject({
      retcode: 101,
      message: 'no service id',
    });
    const bind = envelopeOf(
      await call(federation.guest.services, 'POST', '/v1/model/bind', { job_parameters, service_id: 'svc-1' }),
    );
    expect(bind).toEqual({ retcode: 0, retmsg: 'service id is svc-1' });
  });

  it('export makes an archive another site imports: the model and its component models', async () => {
    const { federation, version } = await deployed();
    const exported = fileOf(
      await call(federation.host.services, 'GET', '/v1/model/export', {
        model_id: MODEL_ID,
        model_version: version,
        role: 'host',
        party_id: HOST,
      }),
    );
    expect(exported.filename).toBe(`host~${HOST}~${MODEL_ID.replaceAll('#', '~')}_${version}.json.gz`);
    expect(JSON.parse(gunzipSync(exported.body).toString('utf8')).model.components.fit_a.models.model.content).toEqual({
      weights: [4],
    });

    const elsewhere = fakeFederation();
    const file: UploadedFile = {
      field: 'file',
      filename: exported.filename,
      contentType: 'application/gzip',
      content: exported.body,
    };
    const body = { model_id: MODEL_ID, model_version: version, role: 'host', party_id: String(HOST) };
    expect(envelopeOf(await call(elsewhere.host.services, 'POST', '/v1/model/import', body, [file]))).toEqual({
      retcode: 0,
      retmsg: 'success',
    });
    const imported = await elsewhere.host.services.models.getModel(version, 'host', HOST);
    const location = `models/${version}/host/${HOST}/fit_a/model.json`;
    expect(imported?.imported).toBe(true);
    expect(imported?.components.fit_a?.models.model?.location).toBe(location);
    expect(new TextDecoder().decode(await elsewhere.host.services.objects.get(location))).toBe('{"weights":[4]}');

    await expect(call(elsewhere.host.services, 'POST', '/v1/model/import', body, [file])).rejects.toMatchObject({
      retcode: 101,
      message: `model ${MODEL_ID} ${version} of host ${HOST} is already here`,
    });
    await expect(
      call(elsewhere.guest.services, 'POST', '/v1/model/import', { ...body, party_id: String(GUEST) }, [file]),
    ).rejects.toMatchObject({ retcode: 101 });
    const garbage: UploadedFile = { ...file, content: new TextEncoder().encode('not gzip') };
    await expect(
      call(fakeFederation().host.services, 'POST', '/v1/model/import', body, [garbage]),
    ).rejects.toMatchObject({ retcode: 102, message: 'file: not a model archive (flow model export makes one)' });
  });

  it("migrate makes this site's party a model of the new roles, and answers the others as not migrated here", async () => {
    const { federation, version } = await deployed();
    const answer = envelopeOf(
      await call(federation.guest.services, 'POST', '/v1/model/migrate', {
        migrate_initiator: { role: 'guest', party_id: 19999 },
        role: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
        migrate_role: { guest: [19999], host: [20000], arbiter: [20000] },
        model_id: MODEL_ID,
        model_version: version,
        execute_party: { guest: [GUEST], host: [HOST] },
        unify_model_version: '202601010000000000055',
        job_parameters: {},
      }),
    );
    expect(answer.retcode).toBe(101);
    expect(answer.data).toEqual({
      guest: { [GUEST]: 0 },
      host: { [HOST]: 101 },
      detail: {
        guest: {
          [GUEST]: {
            retcode: 0,
            retmsg:
              'migrate model of guest 9999 success: guest 19999 arbiter-20000#guest-19999#host-20000#model 202601010000000000055',
          },
        },
        host: {
          [HOST]: { retcode: 101, retmsg: `host ${HOST} is not served by this site; run the migrate at its site` },
        },
      },
    });
    const migrated = await federation.guest.services.models.getModel('202601010000000000055', 'guest', 19999);
    expect(migrated?.modelId).toBe('arbiter-20000#guest-19999#host-20000#model');
  });
});
