import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { uploadPass } from '../../../bench/upload.js';
import { DIRECT_UPLOAD_BYTES } from '../../../cli/commands/data.js';
import { runFlow } from '../../support/flow-in-process.js';
import { startTestFederation, TEST_TOKEN, type TestFederation } from '../../support/local-federation.js';

const GUEST = 9999;
const conf = { namespace: 'experiment', table_name: 'big_table', head: 1, partition: 4 };

/** 30 features of 9 characters: rows of about 300 bytes, as wide tables are. */
const FEATURES = 30;
const header = `id,y,${Array.from({ length: FEATURES }, (_, i) => `x${i}`).join(',')}\n`;
function row(index: number): string {
  const cells = Array.from({ length: FEATURES }, (_, i) => (((index * 31 + i * 17) % 1000) / 997).toFixed(6));
  return `${index},${index % 2},${cells.join(',')}\n`;
}

/** A CSV of `rows` rows, generated a chunk at a time (never whole in memory); `onChunk` after each. */
async function* generatedCsv(rows: number, onChunk: () => void = () => undefined): AsyncGenerator<Buffer> {
  yield Buffer.from(header);
  for (let start = 0; start < rows; start += 2000) {
    let chunk = '';
    for (let index = start; index < Math.min(rows, start + 2000); index += 1) chunk += row(index);
    yield Buffer.from(chunk);
    onChunk();
  }
}

/** PUTs a stream to a URL (chunked, as a client that does not know the length does). */
function put(url: string, body: AsyncIterable<Buffer>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'PUT' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    pipeline(Readable.from(body), req).catch(reject);
  });
}

describe('an upload over the API body limit', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(async () => {
    await federation.stop();
  });

  it("is presigned to the site's own server, which takes a PUT only with the URL's signature", async () => {
    const presigned = await federation.post(GUEST, '/v1/data/upload/presign', conf);
    expect(presigned).toMatchObject({ retcode: 0, data: { method: 'PUT', expires_in: 900 } });
    const { upload_id: uploadId, url } = presigned.data as { upload_id: string; url: string };
    expect(url).toMatch(
      new RegExp(`^${federation.site(GUEST).apiUrl}/_objects/uploads/staging/${uploadId}\\?expires=\\d+&signature=`),
    );
    const forged = url.replace(/signature=./, (s) => `${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`);
    expect(await put(forged, generatedCsv(3))).toEqual({
      status: 403,
      body: '<Error><Code>AccessDenied</Code></Error>',
    });
    const otherKey = url.replace(uploadId, '0b8f2f4e-4c1e-4d7a-9f55-2b8f0c6a9e11');
    expect((await put(otherKey, generatedCsv(3))).status).toBe(403);
    expect(await federation.site(GUEST).services.objects.get(`uploads/staging/${uploadId}`)).toBeUndefined();
  });

  it('streams a staged CSV through the upload a line at a time (the whole pass, 6 MB)', async () => {
    const rows = 22_000;
    const presigned = await federation.post(GUEST, '/v1/data/upload/presign', { ...conf, table_name: 'wide' });
    const { upload_id: uploadId, url } = presigned.data as { upload_id: string; url: string };
    expect((await put(url, generatedCsv(rows))).status).toBe(200);
    const completed = await federation.post(GUEST, '/v1/data/upload/complete', {
      ...conf,
      table_name: 'wide',
      upload_id: uploadId,
    });
    expect(completed).toMatchObject({ retcode: 0, data: { namespace: 'experiment', table_name: 'wide', count: rows } });
    const info = await federation.post(GUEST, '/v1/table/table_info', { namespace: 'experiment', table_name: 'wide' });
    expect(info.data).toMatchObject({ exist: 1, count: rows, schema: { sid: 'id' } });
    expect(await federation.site(GUEST).services.objects.get(`uploads/staging/${uploadId}`)).toBeUndefined();
  });

  it('reads and rewrites a 32 MB staged CSV with memory bounded far below its size', async () => {
    // A fresh process whose V8 heap is capped below the file's size (a whole-file string could not
    // be made), measuring its live memory after full collections; `npm run bench -- upload` runs
    // the same pass on 200 MB.
    const pass = await uploadPass(32, 24);
    expect(pass.bytes).toBeGreaterThan(32_000_000);
    expect(pass.rows).toBe(116_000);
    // What grows with the table is the ids' fingerprints (12 bytes a slot: 3 MB here, 6 MB while
    // doubling); the rest is a chunk or two in flight.
    expect(pass.liveGrowth).toBeLessThan(pass.bytes / 4);
  });

  it('refuses a staged file with a bad line, storing no table and no rows', async () => {
    const presigned = await federation.post(GUEST, '/v1/data/upload/presign', { ...conf, table_name: 'bad' });
    const { upload_id: uploadId, url } = presigned.data as { upload_id: string; url: string };
    const lines = async function* () {
      yield* generatedCsv(5000);
      yield Buffer.from('5000,1,0.5\n');
    };
    expect((await put(url, lines())).status).toBe(200);
    const completed = await federation.post(GUEST, '/v1/data/upload/complete', {
      ...conf,
      table_name: 'bad',
      upload_id: uploadId,
    });
    expect(completed).toEqual({ retcode: 102, retmsg: `line 5002 has 3 columns where the header has ${FEATURES + 2}` });
    const info = await federation.post(GUEST, '/v1/table/table_info', { namespace: 'experiment', table_name: 'bad' });
    expect(info.data).toMatchObject({ exist: 0 });
  });

  it('is what `flow data upload` does with a file over the direct limit', async () => {
    const path = join(federation.dataDir, 'over-the-limit.csv');
    const rows = Math.ceil(DIRECT_UPLOAD_BYTES / row(1).length) + 1000;
    const chunks: Buffer[] = [];
    for await (const chunk of generatedCsv(rows)) chunks.push(chunk);
    await writeFile(path, Buffer.concat(chunks));
    const uploadConf = join(federation.dataDir, 'upload.json');
    await writeFile(uploadConf, JSON.stringify({ ...conf, table_name: 'by_cli', file: path }));
    const result = await runFlow(['data', 'upload', '-c', uploadConf], {
      cwd: federation.dataDir,
      env: { FATE_FLOW_URL: federation.site(GUEST).apiUrl, FATE_FLOW_TOKEN: TEST_TOKEN },
    });
    expect([result.code, JSON.parse(result.stdout)]).toMatchObject([
      0,
      { retcode: 0, data: { table_name: 'by_cli', count: rows } },
    ]);
  });

  it('completes from the staged file as a direct upload would, then drops the staged file', async () => {
    const uploadId = '0b8f2f4e-4c1e-4d7a-9f55-2b8f0c6a9e11';
    const objects = federation.site(GUEST).services.objects;
    // What the client's PUT to the presigned URL leaves in the object store.
    await objects.put(`uploads/staging/${uploadId}`, 'id,y,x0\n1,0,0.5\n2,1,0.25\n3,0,0.125\n');
    const completed = await federation.post(GUEST, '/v1/data/upload/complete', { ...conf, upload_id: uploadId });
    expect(completed).toMatchObject({
      retcode: 0,
      data: { namespace: 'experiment', table_name: 'big_table', count: 3 },
    });
    const info = await federation.post(GUEST, '/v1/table/table_info', {
      namespace: 'experiment',
      table_name: 'big_table',
    });
    expect(info.data).toMatchObject({ exist: 1, count: 3, schema: { header: 'y,x0', sid: 'id' } });
    expect(await objects.get(`uploads/staging/${uploadId}`)).toBeUndefined();
  });

  it('refuses to complete an upload whose file never arrived, or without an upload id', async () => {
    const missing = await federation.post(GUEST, '/v1/data/upload/complete', {
      ...conf,
      upload_id: '11111111-2222-4333-8444-555555555555',
    });
    expect(missing).toEqual({
      retcode: 101,
      retmsg: 'upload 11111111-2222-4333-8444-555555555555: no file was PUT to its URL (or it expired)',
    });
    const noId = await federation.post(GUEST, '/v1/data/upload/complete', { ...conf, upload_id: '../../etc/passwd' });
    expect(noId).toEqual({ retcode: 101, retmsg: 'upload_id is required: the id /v1/data/upload/presign answered' });
  });
});
