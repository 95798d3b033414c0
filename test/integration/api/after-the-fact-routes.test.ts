import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobKey } from '../../../functions/domain/records/job-record.js';
import { readTarGz } from '../../../functions/services/tracking/output-archive.js';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../../support/local-federation.js';
import { fateRequest, pythonJson } from './fate-client.js';
import { replayFateClient } from './fate-client-replay.js';
import { tableBindingSuite } from './table-binding.suite.js';

const GUEST = 9999;

/** The runner's JSON lines and the launcher's header, as a task's log file holds them. */
const LOG_LINES = [
  '--- 2026-12-07T10:00:00.000Z worker 41 starts reader_0 v0',
  JSON.stringify({ level: 'INFO', message: 'running Reader', timestamp: '2026-12-07T10:00:01.000Z', job: 'J' }),
  JSON.stringify({
    level: 'ERROR',
    message: 'failed after 5 ms',
    timestamp: '2026-12-07T10:00:02.000Z',
    job: 'J',
    error_report: 'Error: no table',
  }),
];

let federation: TestFederation;

// One two-site federation for the file: a site's boot is most of what an integration file costs.
beforeAll(async () => {
  federation = await startTestFederation();
});
afterAll(async () => {
  await federation.stop();
});

describe("FATE-Flow's routes that read or tidy a job at a local site", () => {
  let jobId: string;
  let guestKey: JobKey;
  const outputKey = () => `outputs/${jobId}/reader_0/guest/${GUEST}/v0/data.csv`;

  beforeAll(async () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
    jobId = String(submitted.jobId);
    guestKey = { jobId, role: 'guest', partyId: GUEST };
    const { services } = federation.site(GUEST);
    await services.objects.put(outputKey(), 'id,y,x0\n1,0,0.5\n');
    await services.tracking.putOutput({
      jobId,
      component: 'reader_0',
      role: 'guest',
      partyId: GUEST,
      kind: 'data',
      name: 'data',
      location: outputKey(),
      meta: { header: ['y', 'x0'], total: 1, sid: 'id' },
      createTime: 1_000,
    });
    await services.tracking.putMetric({
      jobId,
      component: 'reader_0',
      role: 'guest',
      partyId: GUEST,
      namespace: 'reader',
      name: 'rows',
      data: [['rows', 1]],
      meta: {},
    });
    const logDir = join(federation.dataDir, `party-${GUEST}`, 'logs', jobId, 'guest', String(GUEST), 'reader_0');
    await mkdir(logDir, { recursive: true });
    await writeFile(
      join(logDir, 'v0.log'),
      `${LOG_LINES.map((line) => line.replace('"J"', `"${jobId}"`)).join('\n')}\n`,
    );
  });
  it('lists the DSL components of the job', async () => {
    expect(await federation.post(GUEST, '/v1/tracking/component/list', { job_id: jobId })).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { components: ['reader_0', 'data_transform_0', 'intersection_0', 'hetero_lr_0', 'evaluation_0'] },
    });
  });

  it("answers a component's module and merged parameters at a party", async () => {
    const answer = await federation.post(GUEST, '/v1/tracking/component/parameters', {
      job_id: jobId,
      role: 'guest',
      party_id: String(GUEST),
      component_name: 'reader_0',
    });
    expect(answer).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { module: 'Reader', ComponentParam: { table: { name: 'breast_hetero_guest', namespace: 'experiment' } } },
    });
  });

  it("names a component's output tables and the job's data view", async () => {
    const table = { table_namespace: `outputs/${jobId}/reader_0/guest/${GUEST}/v0`, table_name: 'data.csv' };
    const tables = await federation.post(GUEST, '/v1/tracking/component/output/data/table', {
      job_id: jobId,
      role: 'guest',
      party_id: GUEST,
      component_name: 'reader_0',
    });
    expect(tables).toEqual({ retcode: 0, retmsg: 'success', data: [{ ...table, data_name: 'data' }] });
    const view = await federation.post(GUEST, '/v1/job/data/view/query', { job_id: jobId });
    expect(view.data).toEqual([
      {
        f_job_id: jobId,
        f_component_name: 'reader_0',
        f_task_id: `${jobId}_reader_0`,
        f_task_version: 0,
        f_role: 'guest',
        f_party_id: String(GUEST),
        f_data_name: 'data',
        f_table_namespace: table.table_namespace,
        f_table_name: table.table_name,
        f_create_time: 1_000,
      },
    ]);
  });

  it("downloads the job's logs as FATE's tar.gz: each level's file per party and per component", async () => {
    const response = await federation.client(GUEST).fetchFile('POST', '/v1/job/log/download', { job_id: jobId });
    expect([response.status, response.headers['content-type']]).toEqual([200, 'application/gzip']);
    const files = await readTarGz(response.body);
    const party = `guest/${GUEST}`;
    expect([...files.keys()].sort()).toEqual(
      ['DEBUG', 'ERROR', 'INFO', 'WARNING']
        .flatMap((level) => [`${party}/${level}.log`, `${party}/reader_0/${level}.log`])
        .sort(),
    );
    const header = LOG_LINES[0];
    const info = `[INFO] [2026-12-07T10:00:01.000Z] [${jobId}] [reader_0 v0] - running Reader`;
    const error = `[ERROR] [2026-12-07T10:00:02.000Z] [${jobId}] [reader_0 v0] - failed after 5 ms\nError: no table`;
    expect(files.get(`${party}/INFO.log`)?.toString()).toBe(`${header}\n${info}\n${error}\n`);
    expect(files.get(`${party}/ERROR.log`)?.toString()).toBe(`${error}\n`);
    expect(files.get(`${party}/WARNING.log`)?.toString()).toBe(`${error}\n`);
    expect(files.get(`${party}/reader_0/DEBUG.log`)?.toString()).toBe(`${header}\n${info}\n${error}\n`);
  });

  it("answers FATE's own client: its signed job log request gets the gzip'd tar, its -p string party ids are taken", async () => {
    const url = federation.site(GUEST).apiUrl;
    const send = (path: string, body: object) =>
      fateRequest(url, 'POST', path, Buffer.from(pythonJson(body)), 'application/json');
    const log = await send('/v1/job/log/download', { job_id: jobId, output_path: '/tmp/out' });
    expect([log.status, (await readTarGz(log.body)).has(`guest/${GUEST}/INFO.log`)]).toEqual([200, true]);
    const listed = await send('/v1/tracking/component/list', { job_id: jobId });
    expect(JSON.parse(listed.body.toString())).toMatchObject({ retcode: 0 });
    const tables = await send('/v1/tracking/component/output/data/table', {
      job_id: jobId,
      role: 'guest',
      party_id: String(GUEST),
      component_name: 'reader_0',
    });
    expect(JSON.parse(tables.body.toString())).toMatchObject({ retcode: 0 });
  });

  it("generates a predict DSL from FATE's client's `job dsl` request: the training DSL file's text, the components as text", async () => {
    const url = federation.site(GUEST).apiUrl;
    const trainDsl = await readFile(join(process.cwd(), 'examples/hetero-lr/dsl.json'), 'utf8');
    const body = {
      cpn_str: 'reader_0, data_transform_0, intersection_0, hetero_lr_0',
      train_dsl: trainDsl,
      version: '2',
    };
    const predict = {
      components: {
        reader_0: { module: 'Reader', output: { data: ['data'] } },
        data_transform_0: {
          module: 'DataTransform',
          input: { data: { data: ['reader_0.data'] }, model: ['pipeline.data_transform_0.model'] },
          output: { data: ['data'] },
        },
        intersection_0: {
          module: 'Intersection',
          input: { data: { data: ['data_transform_0.data'] } },
          output: { data: ['data'] },
        },
        hetero_lr_0: {
          module: 'HeteroLR',
          input: { data: { test_data: ['intersection_0.data'] }, model: ['pipeline.hetero_lr_0.model'] },
          output: { data: ['data'] },
        },
      },
    };
    const answer = await fateRequest(
      url,
      'POST',
      '/v1/job/dsl/generate',
      Buffer.from(pythonJson(body)),
      'application/json',
    );
    expect(JSON.parse(answer.body.toString())).toEqual({ retcode: 0, retmsg: 'success', data: predict });
    const file = await fateRequest(
      url,
      'POST',
      '/v1/job/dsl/generate',
      Buffer.from(pythonJson({ ...body, filename: 'predict_dsl_20261207140000.json' })),
      'application/json',
    );
    expect([file.status, file.headers['content-disposition'], file.body.toString()]).toEqual([
      200,
      'attachment; filename=predict_dsl_20261207140000.json',
      JSON.stringify(predict, null, 4),
    ]);
  });

  it('refuses a `job dsl` request without components, or naming one the DSL lacks, with retcode 101', async () => {
    const trainDsl = await readFile(join(process.cwd(), 'examples/hetero-lr/dsl.json'), 'utf8');
    expect(await federation.post(GUEST, '/v1/job/dsl/generate', { cpn_str: ' , ', train_dsl: trainDsl })).toEqual({
      retcode: 101,
      retmsg: 'cpn_str: Component list should not be empty',
    });
    expect(
      await federation.post(GUEST, '/v1/job/dsl/generate', { cpn_str: ['hetero_lr_1'], train_dsl: trainDsl }),
    ).toMatchObject({
      retcode: 101,
      retmsg:
        'cpn_list: hetero_lr_1 not in the training DSL (its components: reader_0, data_transform_0, intersection_0, hetero_lr_0, evaluation_0)',
    });
  });

  it("answers a component's summary as FATE-Flow does: the dict, or with FATE's file name the same dict as that file", async () => {
    const summary = { intersect_num: 3, intersect_rate: 0.6, cardinality_only: false, unique_id_num: 5 };
    const ref = { jobId, component: 'intersection_0', role: 'guest' as const, partyId: GUEST };
    await federation.site(GUEST).services.tracking.putSummary({ ...ref, summary });
    const body = { job_id: jobId, role: 'guest', party_id: String(GUEST), component_name: 'intersection_0' };
    expect(await federation.post(GUEST, '/v1/tracking/component/summary/download', body)).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: summary,
    });
    const file = await fateRequest(
      federation.site(GUEST).apiUrl,
      'POST',
      '/v1/tracking/component/summary/download',
      Buffer.from(pythonJson({ ...body, filename: 'summary_intersection_0_20261207102030.json' })),
      'application/json',
    );
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('summary_intersection_0_20261207102030.json');
    expect(file.body.toString()).toBe(JSON.stringify(summary, null, 4));
  });

  it('refuses a summary the component did not record, naming it, and bad input with 101 naming the field', async () => {
    const body = { job_id: jobId, role: 'guest', party_id: GUEST, component_name: 'hetero_lr_0' };
    expect(await federation.post(GUEST, '/v1/tracking/component/summary/download', body)).toEqual({
      retcode: 101,
      retmsg: `no summary of component hetero_lr_0 at guest ${GUEST} in job ${jobId}`,
    });
    const bad = await federation.post(GUEST, '/v1/tracking/component/summary/download', { ...body, role: 'judge' });
    expect(bad.retcode).toBe(101);
    expect(String(bad.retmsg)).toContain('role');
    const noName = await federation.post(GUEST, '/v1/tracking/component/summary/download', {
      ...body,
      component_name: undefined,
      filename: 7,
    });
    expect(noName.retcode).toBe(101);
    expect(String(noName.retmsg)).toContain('component_name');
    expect(String(noName.retmsg)).toContain('filename must be a string');
  });

  it('refuses the log of a job this site does not know, with retcode 101', async () => {
    const answer = await federation.post(GUEST, '/v1/job/log/download', { job_id: '202601010000000000001' });
    expect(answer).toEqual({
      retcode: 101,
      retmsg: 'no job 202601010000000000001 at this site: its logs are kept where it runs; check the job id',
    });
  });

  it('keeps notes in the job description, and refuses notes that are not a string, writing nothing', async () => {
    const site = federation.site(GUEST);
    const before = await storeSnapshot(site, federation.dataDir, { exceptNonces: true });
    const refused = await federation.post(GUEST, '/v1/job/update', {
      job_id: jobId,
      role: 'guest',
      party_id: GUEST,
      notes: 7,
    });
    expect(refused).toEqual({ retcode: 101, retmsg: 'request.notes: notes must be a string' });
    expect(await storeSnapshot(site, federation.dataDir, { exceptNonces: true })).toEqual(before);
    const updated = await federation.post(GUEST, '/v1/job/update', {
      job_id: jobId,
      role: 'guest',
      party_id: GUEST,
      notes: 'first try',
    });
    expect(updated).toEqual({ retcode: 0, retmsg: 'success' });
    expect((await site.services.jobs.getJob(guestKey))?.description).toBe('first try');
  });

  it('returns the resources a job holds at this site, once', async () => {
    const { services } = federation.site(GUEST);
    await services.resources.apply('default', { jobId: `${jobId}#guest`, cores: 2, memory: 0, appliedAt: 1 });
    await services.jobs.updateJobFields(guestKey, { resourceInUse: true });
    const row = { job_id: jobId, role: 'guest', party_id: GUEST };
    expect((await federation.post(GUEST, '/v1/resource/return', { job_id: jobId })).data).toEqual([
      { ...row, resource_in_use: true, resource_return_status: true },
    ]);
    expect((await services.resources.getPool('default'))?.grants).toEqual([]);
    expect((await federation.post(GUEST, '/v1/resource/return', { job_id: jobId })).data).toEqual([
      { ...row, resource_in_use: false, resource_return_status: false },
    ]);
  });

  it('cleans only an ended job: its outputs, their rows and its metrics', async () => {
    const site = federation.site(GUEST);
    const before = await storeSnapshot(site, federation.dataDir, { exceptNonces: true });
    expect(await federation.post(GUEST, '/v1/job/clean', { job_id: jobId })).toEqual({
      retcode: 103,
      retmsg: `job ${jobId} is waiting at guest 9999: only an ended job is cleaned`,
    });
    expect(await storeSnapshot(site, federation.dataDir, { exceptNonces: true })).toEqual(before);
    await site.services.jobs.updateJobStatus(guestKey, 'running');
    await site.services.jobs.updateJobStatus(guestKey, 'success', { endTime: 2_000 });
    expect(await federation.post(GUEST, '/v1/job/clean', { job_id: jobId, component_name: 'reader_0' })).toEqual({
      retcode: 0,
      retmsg: 'success',
    });
    const ref = { jobId, component: 'reader_0', role: 'guest' as const, partyId: GUEST };
    expect(await site.services.tracking.listOutputs(ref)).toEqual([]);
    expect(await site.services.tracking.listMetrics(ref)).toEqual([]);
    expect(await site.services.objects.get(outputKey())).toBeUndefined();
  });
});

const CSV = 'id,y,x0\n1,0,0.5\n2,1,-1\n3,0,2\n';

describe("FATE's own client at a local site, on a finished job (issue #13's acceptance)", () => {
  it('gets retcode 0 from every after-the-fact route, each request exactly as FATE sends it', async () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const submitted = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
    const jobId = String(submitted.jobId);
    const { services } = federation.site(GUEST);
    const location = `outputs/${jobId}/reader_0/guest/${GUEST}/v0/data.csv`;
    await services.objects.put(location, 'id,y,x0\n1,0,0.5\n');
    const output = { jobId, component: 'reader_0', role: 'guest' as const, partyId: GUEST };
    await services.tracking.putOutput({
      ...output,
      kind: 'data',
      name: 'data',
      location,
      meta: { header: ['y', 'x0'], total: 1, sid: 'id' },
      createTime: 1_000,
    });
    await services.tracking.putSummary({ ...output, summary: { rows: 1 } });
    const key = { jobId, role: 'guest' as const, partyId: GUEST };
    await services.jobs.updateJobStatus(key, 'running');
    await services.jobs.updateJobStatus(key, 'success', { endTime: 2_000 });
    const folder = await mkdtemp(join(tmpdir(), 'fate-client-'));
    try {
      await writeFile(join(folder, 'bound.csv'), CSV);
      const replayed = await replayFateClient(
        federation.site(GUEST).apiUrl,
        { jobId, partyId: GUEST, component: 'reader_0' },
        join(folder, 'bound.csv'),
      );
      expect(replayed.filter((call) => call.status !== 200 || call.retcode !== 0)).toEqual([]);
      expect(replayed).toHaveLength(14);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

tableBindingSuite(() => federation, CSV);
