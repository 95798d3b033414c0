/**
 * Finding 7, app-key replay: FATE's client signature covers the path (the upload's conf is its
 * query) but not the multipart body, so a captured `flow data upload` could be sent again with
 * another file while its TIMESTAMP is fresh. The site remembers each accepted (APP_KEY, NONCE)
 * pair for the window and refuses the pair a second time, writing nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APP_KEY, SECRET_KEY } from '../integration/api/fate-client.js';
import {
  type FateCredentials,
  type FateRequest,
  fateRequestBytes,
  fateUploadBody,
  pythonJsonDumps,
  requoteUri,
  sendRaw,
} from '../integration/http/support/fate-client.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { snapshotSite } from './support/store-snapshot.js';

const GUEST = 9999;
const conf = {
  file: 'examples/data/breast_hetero_guest.csv',
  id_delimiter: ',',
  head: 1,
  partition: 4,
  namespace: 'experiment',
  table_name: 'breast_hetero_guest',
  conf_path: 'upload_conf.json',
  verbose: 0,
  drop: 1,
};
const ownFile = Buffer.from('id,y,x0\n1,0,0.5\n2,1,0.25\n');
const attackersFile = Buffer.from('id,y,x0\n1,1,9.9\n2,1,9.9\n3,1,9.9\n4,1,9.9\n');

/** `flow data upload -c upload_conf.json` as FATE's client sends it: signed over the path only. */
function upload(file: Buffer, credentials: FateCredentials, boundary = randomUUID().replaceAll('-', '')): FateRequest {
  return {
    method: 'POST',
    pathUrl: `/v1/data/upload?${requoteUri(pythonJsonDumps(conf))}`,
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: fateUploadBody(boundary, 'breast_hetero_guest.csv', file),
    credentials,
    signsBody: false,
  };
}

const signer = (): FateCredentials => ({
  appKey: APP_KEY,
  secretKey: SECRET_KEY,
  timestamp: String(Date.now()),
  nonce: randomUUID(),
});

describe('a signed upload sent again', () => {
  let federation: TestFederation;
  let port: number;
  const send = async (request: FateRequest) => {
    const response = await sendRaw(port, fateRequestBytes(port, request));
    return { status: response.status, envelope: JSON.parse(response.body.toString('utf8')) as Record<string, unknown> };
  };
  const tableCount = async () =>
    (
      (await federation.post(GUEST, '/v1/table/table_info', { namespace: 'experiment', table_name: conf.table_name }))
        .data as { count: number }
    ).count;

  beforeAll(async () => {
    federation = await startTestFederation();
    port = Number(new URL(federation.site(GUEST).apiUrl).port);
  });
  afterAll(async () => {
    await federation.stop();
  });

  it('is refused with the same NONCE, with the same file or another, and nothing is written', async () => {
    const captured = signer();
    const first = await send(upload(ownFile, captured));
    expect([first.status, first.envelope.retcode]).toEqual([200, 0]);
    expect(await tableCount()).toBe(2);
    const before = await snapshotSite(federation.site(GUEST));

    const replayed =
      'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE';
    for (const request of [upload(attackersFile, captured), upload(ownFile, captured)]) {
      const again = await send(request);
      expect([again.status, again.envelope]).toEqual([401, { retcode: 109, retmsg: replayed }]);
    }

    expect(await snapshotSite(federation.site(GUEST))).toEqual(before);
    expect(await tableCount()).toBe(2);
  });

  it('is accepted with a new NONCE (a new signature), as FATE sends every request', async () => {
    const fresh = await send(upload(attackersFile, signer()));
    expect([fresh.status, fresh.envelope.retcode, (fresh.envelope.data as { count?: number }).count]).toEqual([
      200, 0, 4,
    ]);
    expect(await tableCount()).toBe(4);
  });

  it('is refused once its TIMESTAMP is out of the window, whatever its NONCE', async () => {
    const stale = { ...signer(), timestamp: String(Date.now() - 61_000) };
    const before = await snapshotSite(federation.site(GUEST));
    const again = await send(upload(attackersFile, stale));
    expect([again.status, again.envelope]).toEqual([
      401,
      { retcode: 109, retmsg: 'timestamp out of range: TIMESTAMP must be within 60 s of the server clock' },
    ]);
    expect(await snapshotSite(federation.site(GUEST))).toEqual(before);
  });
});
