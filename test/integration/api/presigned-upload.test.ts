import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';

const GUEST = 9999;
const conf = { namespace: 'experiment', table_name: 'big_table', head: 1, partition: 4 };

describe('an upload over the API body limit', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startTestFederation();
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('cannot be presigned by a local site, which has no S3', async () => {
    const answer = await federation.post(GUEST, '/v1/data/upload/presign', conf);
    expect(answer.retcode).toBe(103);
    expect(answer.retmsg).toMatch(/S3/);
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
