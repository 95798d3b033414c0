import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readTarGz } from '../../../functions/services/tracking/output-archive.js';
import { startTestFederation, storeSnapshot, type TestFederation } from '../../support/local-federation.js';
import { fateJson, fateUpload } from './fate-client.js';

const GUEST = 9999;

/** A breast-like table in our own values: 25 rows of id, y, x0..x2. */
function guestCsv(rows = 25): string {
  const lines = ['id,y,x0,x1,x2'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`${1000 + i},${i % 3 === 0 ? 1 : 0},${(i * 0.13).toFixed(2)},${-i},${i * i}`);
  return `${lines.join('\n')}\n`;
}

const uploadConf = (extra: Record<string, unknown> = {}) => ({
  file: '/data/projects/fate/examples/data/guest_demo.csv',
  id_delimiter: ',',
  head: 1,
  partition: 8,
  namespace: 'experiment',
  table_name: 'guest_demo',
  conf_path: 'upload_conf.json',
  verbose: 0,
  drop: 0,
  ...extra,
});

const json = (body: Buffer) =>
  JSON.parse(body.toString('utf8')) as { retcode: number; retmsg: string; data?: unknown; jobId?: string };

describe("a table uploaded with FATE's exact multipart request", () => {
  let federation: TestFederation;
  let url: string;
  let uploadJobId: string;

  beforeAll(async () => {
    federation = await startTestFederation();
    url = federation.site(GUEST).apiUrl;
    const uploaded = await fateUpload(url, uploadConf(), guestCsv(), 'guest_demo.csv');
    expect(uploaded.status).toBe(200);
    const envelope = json(uploaded.body);
    expect(envelope).toMatchObject({
      retcode: 0,
      retmsg: 'success',
      data: { namespace: 'experiment', table_name: 'guest_demo', count: 25 },
    });
    uploadJobId = String(envelope.jobId);
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('shows its count and schema in table info', async () => {
    const info = json(
      (await fateJson(url, 'POST', '/v1/table/table_info', { namespace: 'experiment', table_name: 'guest_demo' })).body,
    );
    expect(info.retcode).toBe(0);
    expect(info.data).toMatchObject({
      exist: 1,
      count: 25,
      partition: 8,
      namespace: 'experiment',
      table_name: 'guest_demo',
      schema: { header: 'y,x0,x1,x2', sid: 'id' },
      enable: true,
      origin: 'upload',
      extend_sid: false,
    });
  });

  it('runs as a successful one-party local upload job', async () => {
    const query = json((await fateJson(url, 'POST', '/v1/job/query', { job_id: uploadJobId })).body);
    expect(query.data).toMatchObject([
      { f_job_id: uploadJobId, f_role: 'local', f_party_id: '9999', f_status: 'success', f_progress: 100 },
    ]);
  });

  it('downloads the upload output as a gzip tar holding data.csv and data.meta', async () => {
    const response = await fateJson(url, 'GET', '/v1/tracking/component/output/data/download', {
      job_id: uploadJobId,
      role: 'local',
      party_id: '9999',
      component_name: 'upload_0',
      output_path: '/tmp/out',
      limit: -1,
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename=job_${uploadJobId}_upload_0_local_9999_output_data.tar.gz`,
    );
    expect([...response.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const files = await readTarGz(response.body);
    expect([...files.keys()].sort()).toEqual(['data.csv', 'data.meta']);
    expect(files.get('data.csv')?.toString('utf8')).toBe(guestCsv());
    expect(JSON.parse(files.get('data.meta')?.toString('utf8') ?? '{}')).toEqual({
      header: ['id', 'y', 'x0', 'x1', 'x2'],
      total: 25,
      sid: 'id',
      delimiter: ',',
    });
  });

  it('refuses a second upload of the same table without drop and keeps the first', async () => {
    const before = await storeSnapshot(federation.site(GUEST), federation.dataDir, { exceptNonces: true });
    const again = await fateUpload(url, uploadConf(), guestCsv(3), 'guest_demo.csv');
    expect(again.status).toBe(409);
    expect(json(again.body)).toEqual({
      retcode: 100,
      retmsg: 'table experiment.guest_demo already exists; upload with --drop (drop: 1) to replace it',
    });
    expect(await storeSnapshot(federation.site(GUEST), federation.dataDir, { exceptNonces: true })).toEqual(before);
  });

  it('replaces the table with drop', async () => {
    const replaced = json((await fateUpload(url, uploadConf({ drop: 1 }), guestCsv(7), 'guest_demo.csv')).body);
    expect(replaced.retcode).toBe(0);
    const info = json(
      (await fateJson(url, 'POST', '/v1/table/table_info', { namespace: 'experiment', table_name: 'guest_demo' })).body,
    );
    expect(info.data).toMatchObject({ count: 7, job_id: replaced.jobId });
  });

  it('downloads the table rows with /v1/data/download', async () => {
    const response = await fateJson(url, 'POST', '/v1/data/download', {
      namespace: 'experiment',
      table_name: 'guest_demo',
      delimiter: '\t',
    });
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe(guestCsv(7).replace(/,/g, '\t'));
  });

  it('refuses a CSV with a short row, naming the line, and stores nothing', async () => {
    const before = await storeSnapshot(federation.site(GUEST), federation.dataDir, { exceptNonces: true });
    const bad = await fateUpload(url, uploadConf({ table_name: 'broken' }), 'id,y,x0\n1,0,0.5\n2,1\n', 'broken.csv');
    expect(bad.status).toBe(400);
    expect(json(bad.body)).toEqual({ retcode: 102, retmsg: 'line 3 has 2 columns where the header has 3' });
    expect(await storeSnapshot(federation.site(GUEST), federation.dataDir, { exceptNonces: true })).toEqual(before);
  });

  it('deletes the table', async () => {
    const deleted = json(
      (await fateJson(url, 'POST', '/v1/table/delete', { namespace: 'experiment', table_name: 'guest_demo' })).body,
    );
    expect(deleted).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { namespace: 'experiment', table_name: 'guest_demo' },
    });
    const info = json(
      (await fateJson(url, 'POST', '/v1/table/table_info', { namespace: 'experiment', table_name: 'guest_demo' })).body,
    );
    expect(info.data).toEqual({ exist: 0, namespace: 'experiment', table_name: 'guest_demo' });
  });
});
