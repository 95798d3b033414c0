/**
 * The whole HTTP layer behind the local API Gateway server, driven the way FATE's `flow` client
 * drives FATE-Flow: the same bytes on the socket, the same signing, the same quirks.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DynamoNonceStore } from '../../../functions/adapters/dynamodb/nonce-store.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { type ApiServer, startApiServer } from '../../../local/http/api-gateway-server.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { type TestServices, testRoutes } from '../../unit/api/support/test-routes.js';
import {
  type FateCredentials,
  type FateRequest,
  fateRequestBytes,
  fateUploadBody,
  pythonJsonDumps,
  requoteUri,
  sendRaw,
} from './support/fate-client.js';

const TOKEN = 'tok-3f9a1c2e7b6d4e0f8a1b2c3d4e5f6071';
const APP_KEY = 'app-key-1';
const SECRET_KEY = 'secret-key-1';
const MAX_BODY_BYTES = 64 * 1024;

/** A new NONCE each time, as FATE's client sends (uuid1): the API refuses one it has seen. */
function credentials(timestamp = Date.now()): FateCredentials {
  return { appKey: APP_KEY, secretKey: SECRET_KEY, timestamp: String(timestamp), nonce: randomUUID() };
}

function jsonRequest(method: 'GET' | 'POST', path: string, body: unknown, signed = credentials()): FateRequest {
  return {
    method,
    pathUrl: path,
    contentType: 'application/json',
    body: Buffer.from(pythonJsonDumps(body)),
    credentials: signed,
    signsBody: true,
  };
}

interface Envelope {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data?: Record<string, unknown>;
  readonly jobId?: string;
}

describe("the API as FATE's flow client calls it", () => {
  const logger = new Logger({ serviceName: 'fate-flow-api-test', logLevel: 'SILENT' });
  const logged = jest.spyOn(logger, 'error');
  let server: ApiServer;
  let dynamo: LocalDynamo;

  async function send(request: FateRequest) {
    const response = await sendRaw(server.port, fateRequestBytes(server.port, request));
    return { ...response, envelope: (): Envelope => JSON.parse(response.body.toString('utf8')) };
  }

  beforeAll(async () => {
    dynamo = await startDynalite();
    const handler = createApiHandler<TestServices>({
      routes: testRoutes,
      services: () => ({ site: 'guest-9999' }),
      auth: {
        bearerTokens: [TOKEN],
        appKeys: { [APP_KEY]: SECRET_KEY },
        nonces: new DynamoNonceStore(dynamo.client, dynamo.tableName),
      },
      maxBodyBytes: MAX_BODY_BYTES,
      logger,
    });
    server = await startApiServer({ handler });
  });
  afterAll(async () => {
    await server.close();
    await dynamo.stop();
  });

  it('answers `flow job query -j J -r guest -p 9999` with party_id still a string', async () => {
    const body = { job_id: '202611271544180123450', role: 'guest', party_id: '9999' };
    const response = await send(jsonRequest('POST', '/v1/job/query', body));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.envelope()).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: {
        method: 'POST',
        path: '/v1/job/query',
        body,
        query: {},
        caller: { kind: 'app-key', appKey: APP_KEY },
        contentType: 'application/json',
        files: [],
      },
    });
  });

  it('answers `flow job submit -c conf.json -d dsl.json` with the jobId', async () => {
    const dsl = JSON.parse(await readFile(new URL('../../../examples/hetero-lr/dsl.json', import.meta.url), 'utf8'));
    const conf = JSON.parse(await readFile(new URL('../../../examples/hetero-lr/conf.json', import.meta.url), 'utf8'));
    const body = {
      job_dsl: { ...dsl, dsl_path: 'examples/hetero-lr/dsl.json' },
      job_runtime_conf: { ...conf, conf_path: 'examples/hetero-lr/conf.json' },
    };
    const response = await send(jsonRequest('POST', '/v1/job/submit', body));
    const envelope = response.envelope();
    expect(envelope.jobId).toBe('202611271544180123450');
    expect(envelope.data?.body).toEqual(body);
  });

  it('takes `flow data upload`: multipart file, conf as the whole query string, signed over the path', async () => {
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
    const csv = Buffer.concat([Buffer.from('id,y,x0,x1\r\n133,1,0.254879,caf'), Buffer.from([0xe9, 0x0d, 0x0a])]);
    const boundary = '2319a9f4de2d460d5782e1bdfd598a02';
    const response = await send({
      method: 'POST',
      pathUrl: `/v1/data/upload?${requoteUri(pythonJsonDumps(conf))}`,
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: fateUploadBody(boundary, 'breast_hetero_guest.csv', csv),
      credentials: credentials(),
      signsBody: false,
    });
    expect(response.status).toBe(200);
    expect(response.envelope().data).toEqual({
      method: 'POST',
      path: '/v1/data/upload',
      body: conf,
      query: {},
      caller: { kind: 'app-key', appKey: APP_KEY },
      contentType: `multipart/form-data; boundary=${boundary}`,
      files: [
        {
          field: 'file',
          filename: 'breast_hetero_guest.csv',
          contentType: 'application/octet-stream',
          base64: csv.toString('base64'),
        },
      ],
    });
  });

  it('takes `flow data upload` with use_local_data 0: the conf POSTed as JSON', async () => {
    const conf = {
      file: '/data/breast.csv',
      head: 1,
      partition: 4,
      namespace: 'ns',
      table_name: 't',
      use_local_data: 0,
    };
    const response = await send(jsonRequest('POST', '/v1/data/upload', conf));
    expect(response.envelope().data).toMatchObject({ body: conf, files: [] });
  });

  it('serves `flow component output-data`: a GET with a JSON body, answered with a gzip tar', async () => {
    const body = {
      job_id: '202611271544180123450',
      role: 'guest',
      party_id: '9999',
      component_name: 'hetero_lr_0',
      output_path: './out',
      limit: -1,
    };
    const response = await send(jsonRequest('GET', '/v1/tracking/component/output/data/download', body));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename=job_202611271544180123450_hetero_lr_0_guest_9999_output_data.tar.gz',
    );
    expect(response.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(JSON.parse(gunzipSync(response.body).toString('utf8'))).toEqual(body);
  });

  it('accepts a bearer token from an ordinary HTTP client', async () => {
    const response = await fetch(`${server.url}/v1/job/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ job_id: 'j' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ retcode: 0, data: { caller: { kind: 'bearer' } } });
  });

  describe('bad input', () => {
    it('answers malformed JSON with 400, retcode 101 and the parser message', async () => {
      const response = await send({ ...jsonRequest('POST', '/v1/job/query', {}), body: Buffer.from('{"job_id": ') });
      expect(response.status).toBe(400);
      expect(response.envelope()).toEqual({
        retcode: 101,
        retmsg: 'request body is not valid JSON: Unexpected end of JSON input',
      });
    });

    it('answers a content type the route cannot read with 415', async () => {
      const response = await send({
        method: 'POST',
        pathUrl: '/v1/job/query',
        contentType: 'text/plain',
        body: Buffer.from('job_id=j'),
        credentials: credentials(),
        signsBody: false,
      });
      expect(response.status).toBe(415);
      expect(response.envelope()).toEqual({
        retcode: 101,
        retmsg: 'unsupported content type "text/plain"; send application/json',
      });
    });

    it('answers an oversized body with 413 naming the limit', async () => {
      const body = { padding: 'x'.repeat(MAX_BODY_BYTES) };
      const response = await send(jsonRequest('POST', '/v1/job/query', body));
      expect(response.status).toBe(413);
      expect(response.envelope()).toEqual({
        retcode: 101,
        retmsg: `request body is ${MAX_BODY_BYTES + 15} bytes, over the limit of 65536 bytes (64 KiB)`,
      });
    });

    it('answers an unknown route with 404', async () => {
      const response = await send(jsonRequest('POST', '/v1/x', {}));
      expect(response.status).toBe(404);
      expect(response.envelope()).toEqual({ retcode: 101, retmsg: 'no such route: POST /v1/x' });
    });

    it('answers the wrong method with 405 and Allow', async () => {
      const response = await send(jsonRequest('GET', '/v1/job/submit', {}));
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
      expect(response.envelope()).toEqual({
        retcode: 101,
        retmsg: 'method GET is not allowed for /v1/job/submit; use POST',
      });
    });

    it('answers a request without credentials with 401 and retcode 109', async () => {
      const { credentials: _none, ...unsigned } = jsonRequest('POST', '/v1/job/query', { job_id: 'j' });
      const response = await send(unsigned);
      expect(response.status).toBe(401);
      expect(response.envelope()).toEqual({
        retcode: 109,
        retmsg:
          'missing credentials: send "Authorization: Bearer <token>" or sign the request with TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers',
      });
    });

    it('answers a signature older than 60 s with 401', async () => {
      const response = await send(jsonRequest('POST', '/v1/job/query', {}, credentials(Date.now() - 61_000)));
      expect(response.status).toBe(401);
      expect(response.envelope()).toEqual({
        retcode: 109,
        retmsg: 'timestamp out of range: TIMESTAMP must be within 60 s of the server clock',
      });
    });

    it('answers a body changed after signing with 401', async () => {
      const signed = jsonRequest('POST', '/v1/job/query', { job_id: 'j', role: 'guest' });
      const bytes = fateRequestBytes(server.port, signed);
      const tampered = Buffer.from(bytes.toString('latin1').replace('"guest"', '"host!"'), 'latin1');
      const response = await sendRaw(server.port, tampered);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body.toString('utf8'))).toEqual({ retcode: 109, retmsg: 'authentication failed' });
    });

    it('answers a crashing route with a generic 500 and logs the cause', async () => {
      const response = await send(jsonRequest('POST', '/v1/test/crash', {}));
      expect(response.status).toBe(500);
      expect(response.body.toString('utf8')).toBe('{"retcode":500,"retmsg":"internal server error"}');
      expect(logged).toHaveBeenCalledWith(
        'unhandled error',
        new Error('connection string postgres://admin:hunter2@db leaked'),
      );
    });
  });
});
