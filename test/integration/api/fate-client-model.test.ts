import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';
import { type FateResponse, fateJson, fateRequest } from './fate-client.js';

const GUEST = 9999;
const HOST = 10000;
const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;
const CPN_LIST = ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0'];
/** Where FATE's client would write the files it asks for (it sends the path; nothing is written there). */
const OUTPUT_PATH = '/home/fate/out';

let federation: TestFederation;
let trainingJob: string;
let deployedVersion: string;

const envelope = (response: FateResponse) => JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
const guestUrl = () => federation.site(GUEST).apiUrl;

/**
 * The hetero-LR example's training job, ended in success at every party with the models its
 * components write (no task runs in an integration test): what `model deploy` starts from.
 */
async function trainedJob(): Promise<string> {
  const { dsl, conf } = exampleJob('hetero-lr');
  const submitted = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
  const jobId = String(submitted.jobId);
  for (const partyId of [GUEST, HOST]) {
    const { services } = federation.site(partyId);
    for (const job of await services.jobs.getJobRecords(jobId)) {
      await services.jobs.updateJobStatus(job, 'running', { startTime: 1 });
      await services.jobs.updateJobStatus(job, 'success', { endTime: 2 });
      const models = job.role === 'arbiter' ? ['hetero_lr_0'] : ['data_transform_0', 'hetero_lr_0'];
      for (const component of models) {
        const location = `outputs/${jobId}/${component}/${job.role}/${partyId}/v0/model.json`;
        await services.objects.put(location, JSON.stringify({ model_type: component, role: job.role }));
        await services.tracking.putOutput({
          jobId,
          component,
          role: job.role,
          partyId,
          kind: 'model',
          name: 'model',
          location,
          meta: { model_type: component },
          createTime: 1,
        });
      }
    }
  }
  return jobId;
}

// One two-site federation for the file: a site's boot is most of what an integration file costs.
beforeAll(async () => {
  federation = await startTestFederation();
  trainingJob = await trainedJob();
});
afterAll(async () => {
  await federation.stop();
});

/**
 * Each request exactly as FATE's `flow model …` (fate_client 1.11.4) sends it — its body keys,
 * `-p` as a string, conf files with `conf_path` added, GET with a JSON body for export, multipart
 * with the conf as form fields for import, signed with APP_KEY/SECRET_KEY — and the fields of
 * FATE-Flow 1.11's answer the client prints or reads.
 */
describe("FATE's own client: flow model …", () => {
  it('deploy --cpn-list: a new version at every party, with its retcodes', async () => {
    // `--cpn-list "reader_0, data_transform_0, intersection_0, hetero_lr_0"`: spaces stripped, split on commas.
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/deploy', {
        model_id: MODEL_ID,
        model_version: trainingJob,
        cpn_list: CPN_LIST,
      }),
    );
    const data = answer.data as Record<string, unknown>;
    deployedVersion = String(data.model_version);
    expect([answer.retcode, answer.retmsg, data.model_id]).toEqual([0, 'success', MODEL_ID]);
    expect(deployedVersion).toMatch(/^\d{21}$/);
    expect([data.guest, data.host, data.arbiter]).toEqual([{ [GUEST]: 0 }, { [HOST]: 0 }, { [HOST]: 0 }]);
    expect(data.detail).toEqual({
      guest: { [GUEST]: { retcode: 0, retmsg: `deploy model of role guest ${GUEST} success` } },
      host: { [HOST]: { retcode: 0, retmsg: `deploy model of role host ${HOST} success` } },
      arbiter: { [HOST]: { retcode: 0, retmsg: `deploy model of role arbiter ${HOST} success` } },
    });
  });

  it('deploy --dsl-path: the predict DSL as the text of the file', async () => {
    const predictDsl = exampleJob('hetero-lr-predict').dsl;
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/deploy', {
        model_id: MODEL_ID,
        model_version: trainingJob,
        dsl: JSON.stringify(predictDsl, null, 2),
      }),
    );
    expect(answer.retcode).toBe(0);
    const version = String((answer.data as Record<string, unknown>).model_version);
    const dsl = await fateJson(guestUrl(), 'POST', '/v1/model/get/predict/dsl', {
      model_id: MODEL_ID,
      model_version: version,
      output_path: OUTPUT_PATH,
      filename: 'predict_dsl_20261207133000.json',
    });
    expect(JSON.parse(dsl.body.toString('utf8'))).toEqual(predictDsl);
  });

  it('get-predict-dsl -o: HTTP 200 with the DSL as the file the client writes', async () => {
    const response = await fateJson(guestUrl(), 'POST', '/v1/model/get/predict/dsl', {
      model_id: MODEL_ID,
      model_version: deployedVersion,
      output_path: OUTPUT_PATH,
      filename: 'predict_dsl_20261207133000.json',
    });
    expect(response.status).toBe(200);
    const dsl = JSON.parse(response.body.toString('utf8')) as { components: Record<string, { input?: unknown }> };
    expect(Object.keys(dsl.components)).toEqual(CPN_LIST);
    expect(dsl.components.hetero_lr_0?.input).toEqual({
      data: { test_data: ['intersection_0.data'] },
      model: ['pipeline.hetero_lr_0.model'],
    });
  });

  it('get-predict-conf -o: the conf template, Reader tables to fill in', async () => {
    const response = await fateJson(guestUrl(), 'POST', '/v1/model/get/predict/conf', {
      model_id: MODEL_ID,
      model_version: deployedVersion,
      output_path: OUTPUT_PATH,
      filename: 'predict_conf_20261207133000.json',
    });
    expect(response.status).toBe(200);
    const conf = JSON.parse(response.body.toString('utf8'));
    expect(conf.job_parameters.common).toMatchObject({
      model_id: MODEL_ID,
      model_version: deployedVersion,
      job_type: 'predict',
    });
    const fill = { reader_0: { table: { name: 'name_to_be_filled_0', namespace: 'namespace_to_be_filled_0' } } };
    expect(conf.component_parameters).toEqual({ role: { guest: { 0: fill }, host: { 0: fill } } });
    expect([conf.initiator, conf.role]).toEqual([
      { role: 'guest', party_id: GUEST },
      { guest: [GUEST], host: [HOST], arbiter: [HOST] },
    ]);
  });

  it("get-model-info -r guest -p 9999: the query with the client's query_filters", async () => {
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/query', {
        model_id: MODEL_ID,
        model_version: deployedVersion,
        role: 'guest',
        party_id: String(GUEST),
        query_filters: [
          'create_date',
          'role',
          'party_id',
          'roles',
          'model_id',
          'model_version',
          'loaded_times',
          'size',
          'description',
          'parent',
          'parent_info',
        ],
      }),
    );
    expect([answer.retcode, answer.retmsg]).toEqual([0, 'Query model info successfully']);
    const [row, ...more] = answer.data as Record<string, unknown>[];
    expect(more).toEqual([]);
    expect(row).toEqual({
      f_create_date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      f_role: 'guest',
      f_party_id: String(GUEST),
      f_roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
      f_model_id: MODEL_ID,
      f_model_version: deployedVersion,
      f_description: '',
      f_parent: false,
      f_parent_info: { parent_model_id: MODEL_ID, parent_model_version: trainingJob },
    });
  });

  it('get-model-info --detail: every field of each party model of the version at this site', async () => {
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/query', { model_id: MODEL_ID, model_version: deployedVersion }),
    );
    const [row] = answer.data as Record<string, unknown>[];
    expect(row).toMatchObject({
      f_model_id: MODEL_ID,
      f_model_version: deployedVersion,
      f_party_model_id: `guest#${GUEST}#${MODEL_ID}`,
      f_initiator_role: 'guest',
      f_initiator_party_id: String(GUEST),
      f_job_id: trainingJob,
      f_component_list: ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0', 'evaluation_0'],
    });
    const inference = row?.f_inference_dsl as { components: object } | undefined;
    expect(Object.keys(inference?.components ?? {})).toEqual(CPN_LIST);
  });

  it('load -c publish_load_model.json, and load -j: every party but the arbiter holds the version', async () => {
    // FATE's examples/model/publish_load_model.json, party ids as text, with the conf_path the client adds.
    const conf = {
      initiator: { party_id: String(GUEST), role: 'guest' },
      role: { guest: [String(GUEST)], arbiter: [String(HOST)], host: [String(HOST)] },
      job_parameters: { model_id: MODEL_ID, model_version: deployedVersion },
      conf_path: '/home/fate/publish_load_model.json',
    };
    for (const body of [conf, { job_id: deployedVersion }]) {
      const answer = envelope(await fateJson(guestUrl(), 'POST', '/v1/model/load', body));
      expect([answer.retcode, answer.retmsg, answer.jobId]).toEqual([0, 'success', deployedVersion]);
      const data = answer.data as Record<string, unknown>;
      expect([data.guest, data.host, data.arbiter]).toEqual([{ [GUEST]: 0 }, { [HOST]: 0 }, undefined]);
    }
  });

  it('bind -c bind_model_service.json: the service id names the version', async () => {
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/bind', {
        service_id: 'breast-lr',
        initiator: { party_id: String(GUEST), role: 'guest' },
        role: { guest: [String(GUEST)], arbiter: [String(HOST)], host: [String(HOST)] },
        job_parameters: { work_mode: 1, model_id: MODEL_ID, model_version: deployedVersion },
        servings: ['127.0.0.1:8000'],
        conf_path: '/home/fate/bind_model_service.json',
      }),
    );
    expect([answer.retcode, answer.retmsg]).toEqual([0, 'service id is breast-lr']);
  });

  it('export -c then import -c: a GET with a JSON body answers the archive; import posts it as multipart', async () => {
    const exportConf = {
      role: 'guest',
      party_id: GUEST,
      model_id: MODEL_ID,
      model_version: trainingJob,
      output_path: OUTPUT_PATH,
      conf_path: '/home/fate/export_model.json',
    };
    const exported = await fateJson(guestUrl(), 'GET', '/v1/model/export', exportConf);
    expect(exported.status).toBe(200);
    // FATE's client: re.findall("filename=(.+)", Content-Disposition)[0] names the file it writes.
    const [, filename] = /filename=(.+)/.exec(String(exported.headers['content-disposition'])) ?? [];
    expect(filename).toBe(`guest~${GUEST}~${MODEL_ID.replaceAll('#', '~')}_${trainingJob}.json.gz`);
    expect(JSON.parse(gunzipSync(exported.body).toString('utf8')).model.modelVersion).toBe(trainingJob);

    // The training version is read from its job, never stored: an import of its archive stores it.
    // requests sends the conf as form fields (str() of each value) beside the file part.
    const fields = {
      role: 'guest',
      party_id: String(GUEST),
      model_id: MODEL_ID,
      model_version: trainingJob,
      file: `${OUTPUT_PATH}/${filename}`,
      force_update: 'False',
      conf_path: '/home/fate/import_model.json',
    };
    const boundary = randomUUID().replaceAll('-', '');
    const parts = Object.entries(fields).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    const body = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\n`),
      exported.body,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imported = envelope(
      await fateRequest(guestUrl(), 'POST', '/v1/model/import', body, `multipart/form-data; boundary=${boundary}`, {
        signJson: false,
      }),
    );
    expect([imported.retcode, imported.retmsg]).toEqual([0, 'success']);
    const stored = await federation.site(GUEST).services.models.getModel(trainingJob, 'guest', GUEST);
    expect([stored?.imported, stored?.modelId, Object.keys(stored?.components ?? {}).length]).toEqual([
      true,
      MODEL_ID,
      5,
    ]);
  });

  it('migrate -c migrate_model.json: the parties this site serves migrate to the new ids', async () => {
    const answer = envelope(
      await fateJson(guestUrl(), 'POST', '/v1/model/migrate', {
        job_parameters: { federated_mode: 'MULTIPLE' },
        migrate_initiator: { role: 'guest', party_id: 99 },
        role: { guest: [GUEST], arbiter: [HOST], host: [HOST] },
        migrate_role: { guest: [99], arbiter: [100], host: [100] },
        execute_party: { guest: [GUEST] },
        model_id: MODEL_ID,
        model_version: deployedVersion,
        unify_model_version: '202612071300000000099',
        conf_path: '/home/fate/migrate_model.json',
      }),
    );
    expect([answer.retcode, answer.retmsg, answer.jobId]).toEqual([0, 'success', '202612071300000000099']);
    expect((answer.data as Record<string, unknown>).guest).toEqual({ [GUEST]: 0 });
    const migrated = await federation.site(GUEST).services.models.getModel('202612071300000000099', 'guest', 99);
    expect([migrated?.modelId, migrated?.roles]).toEqual([
      'arbiter-100#guest-99#host-100#model',
      { guest: [99], host: [100], arbiter: [100] },
    ]);
  });
});
