import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleJob } from '../../fixtures/jobs.js';
import { startTestFederation, storeSnapshot, TEST_TOKEN, type TestFederation } from '../../support/local-federation.js';
import { fateRequest, fateUpload } from './fate-client.js';

const GUEST = 9999;
const HOST = 10000;

interface Answer {
  readonly status: number;
  readonly retcode: number;
  readonly retmsg: string;
}

function send(
  baseUrl: string,
  method: string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'Content-Length': String(payload.length), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { retcode: number; retmsg: string };
        resolve({ status: res.statusCode ?? 0, retcode: envelope.retcode, retmsg: envelope.retmsg });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const authed = { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' };

describe('bad input', () => {
  let federation: TestFederation;
  let guest: string;
  let before: Awaited<ReturnType<typeof storeSnapshot>>[];

  beforeAll(async () => {
    federation = await startTestFederation();
    guest = federation.site(GUEST).apiUrl;
    // One real job and table, so that "unchanged" means something.
    const { dsl, conf } = exampleJob('hetero-lr');
    expect((await federation.post(GUEST, '/v1/job/submit', { dsl, runtime_conf: conf })).retcode).toBe(0);
    before = await Promise.all(
      [GUEST, HOST].map((p) => storeSnapshot(federation.site(p), federation.dataDir, { exceptNonces: true })),
    );
  });
  afterAll(async () => {
    const after = await Promise.all(
      [GUEST, HOST].map((p) => storeSnapshot(federation.site(p), federation.dataDir, { exceptNonces: true })),
    );
    expect(after).toEqual(before);
    await federation.stop();
  });

  const { dsl, conf } = exampleJob('hetero-lr');
  const cycleDsl = {
    components: {
      a: { module: 'DataTransform', input: { data: { data: ['b.data'] } }, output: { data: ['data'] } },
      b: { module: 'DataTransform', input: { data: { data: ['a.data'] } }, output: { data: ['data'] } },
    },
  };

  it.each<[string, string, string, string | Buffer, Record<string, string>, number, number, string | RegExp]>([
    ['malformed JSON', 'POST', '/v1/job/submit', '{"dsl": ', authed, 400, 101, /^request body is not valid JSON: /],
    [
      'a content type the route does not take',
      'POST',
      '/v1/job/query',
      'job_id=1',
      { ...authed, 'Content-Type': 'text/plain' },
      415,
      101,
      /text\/plain/,
    ],
    [
      'a missing field',
      'POST',
      '/v1/job/stop',
      '{}',
      authed,
      400,
      101,
      'request.job_id: job_id is required and must be a string',
    ],
    [
      'a mistyped field',
      'POST',
      '/v1/job/list/job',
      '{"limit": "ten"}',
      authed,
      400,
      101,
      'request.limit: limit must be a positive integer',
    ],
    [
      'an unknown stop status',
      'POST',
      '/v1/job/stop',
      '{"job_id": "202611271544180123450", "stop_status": "paused"}',
      authed,
      400,
      101,
      'request.stop_status: stop_status must be canceled, failed or timeout',
    ],
    [
      'a DSL with a cycle',
      'POST',
      '/v1/job/submit',
      JSON.stringify({ dsl: cycleDsl, runtime_conf: conf }),
      authed,
      400,
      101,
      'dsl.components: the component graph has a cycle: a → b → a',
    ],
    [
      'a conf whose initiator is not in its role list',
      'POST',
      '/v1/job/submit',
      JSON.stringify({ dsl, runtime_conf: { ...conf, initiator: { role: 'guest', party_id: 9998 } } }),
      authed,
      400,
      101,
      'runtime_conf.initiator.party_id: initiator party 9998 is not in runtime_conf.role.guest [9999]',
    ],
    [
      'a job over the core limit',
      'POST',
      '/v1/job/submit',
      JSON.stringify({ dsl, runtime_conf: { ...conf, job_parameters: { common: { task_cores: 64 } } } }),
      authed,
      409,
      103,
      /^max cores per job is 20 .* expect 64 cores at guest 9999/,
    ],
    [
      'a body without runtime conf',
      'POST',
      '/v1/job/submit',
      JSON.stringify({ dsl }),
      authed,
      400,
      101,
      'runtime_conf (or job_runtime_conf) is required',
    ],
    [
      'an unknown job',
      'POST',
      '/v1/job/config',
      '{"job_id": "202601010000000000000"}',
      authed,
      404,
      101,
      'job 202601010000000000000 not found at party 9999',
    ],
    [
      'a table query without namespace',
      'POST',
      '/v1/table/table_info',
      '{"table_name": "t"}',
      authed,
      400,
      101,
      'request.namespace: namespace is required and must be a string',
    ],
    [
      'a grant for a party id that is not an integer',
      'POST',
      '/v1/permission/grant',
      '{"party_id": "ten", "component": "*"}',
      authed,
      400,
      101,
      'request.party_id: party id must be a non-negative integer such as 9999, got "ten"',
    ],
    [
      'a metric query without a metric name',
      'POST',
      '/v1/tracking/component/metric_data',
      '{"job_id": "1", "role": "guest", "party_id": 9999, "component_name": "a", "metric_namespace": "train"}',
      authed,
      400,
      101,
      'request.metric_name: metric_name is required and must be a string',
    ],
    ['an unknown route', 'POST', '/v1/job/nope', '{}', authed, 404, 101, 'no such route: POST /v1/job/nope'],
    ['a wrong method', 'GET', '/v1/job/submit', '{}', authed, 405, 101, /GET/],
    [
      'no credentials',
      'POST',
      '/v1/job/query',
      '{}',
      { 'Content-Type': 'application/json' },
      401,
      109,
      /^missing credentials/,
    ],
    [
      'a wrong bearer token',
      'POST',
      '/v1/job/query',
      '{}',
      { ...authed, Authorization: 'Bearer not-the-token' },
      401,
      109,
      'authentication failed',
    ],
  ])('refuses %s', async (_name, method, path, body, headers, status, retcode, message) => {
    const answer = await send(guest, method, path, body, headers);
    expect([answer.status, answer.retcode]).toEqual([status, retcode]);
    if (typeof message === 'string') expect(answer.retmsg).toBe(message);
    else expect(answer.retmsg).toMatch(message);
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await send(guest, 'POST', '/v1/job/submit', Buffer.alloc(4 * 1024 * 1024 + 1, 0x20), authed);
    expect([answer.status, answer.retcode]).toEqual([413, 101]);
    expect(answer.retmsg).toMatch(/4194304/);
  });

  it('refuses a FATE signature over a tampered path', async () => {
    const response = await fateRequest(guest, 'POST', '/v1/job/query', Buffer.from('{}'), 'application/json');
    expect(response.status).toBe(200);
    const tampered = await send(guest, 'POST', '/v1/job/query', '{"job_id": "x"}', {
      'Content-Type': 'application/json',
      TIMESTAMP: String(Date.now()),
      NONCE: 'n',
      APP_KEY: 'test-app',
      SIGNATURE: 'AAAA',
    });
    expect([tampered.status, tampered.retcode]).toEqual([401, 109]);
  });

  it('refuses an upload without a file part and one whose conf lacks table_name', async () => {
    const noFile = await send(
      guest,
      'POST',
      `/v1/data/upload?${encodeURI('{"namespace": "n", "table_name": "t", "head": 1, "partition": 1}')}`,
      '',
      authed,
    );
    expect([noFile.status, noFile.retcode, noFile.retmsg]).toEqual([
      400,
      101,
      'upload: the multipart part "file" with the table is missing',
    ]);
    const noName = await fateUpload(guest, { namespace: 'n', head: 1, partition: 1 }, 'id,x\n1,2\n', 'a.csv');
    const envelope = JSON.parse(noName.body.toString('utf8')) as { retcode: number; retmsg: string };
    expect([noName.status, envelope.retcode, envelope.retmsg]).toEqual([
      400,
      101,
      'upload conf: table_name is required',
    ]);
  });
});
