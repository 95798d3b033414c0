import { request as httpRequest } from 'node:http';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FlowClient } from '../../../client/flow-client.js';
import { sigV4Signer } from '../../../client/sigv4.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import { type ApiServer, startApiServer } from '../../../local/http/api-gateway-server.js';
import { type TestServices, testRoutes } from '../../unit/api/support/test-routes.js';

const REGION = 'eu-west-1';
const USER = { accessKeyId: 'AKIDEXAMPLEUSER01', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const USER_ARN = 'arn:aws:iam::123456789012:user/alice';

/** What a raw request answered. */
function send(url: URL, method: string, headers: Record<string, string>, body: Buffer) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local API Gateway in IAM mode, called with SigV4 (the SDK signer)', () => {
  let server: ApiServer;
  /** How far the server's clock is ahead of the signer's. */
  let skewMs = 0;

  beforeAll(async () => {
    const handler = createApiHandler<TestServices>({
      routes: testRoutes,
      services: () => ({ site: 'guest' }),
      auth: { mode: 'iam' },
      logger: new Logger({ logLevel: 'SILENT' }),
    });
    server = await startApiServer({
      handler,
      iam: {
        region: REGION,
        clock: () => Date.now() + skewMs,
        principals: new Map([
          [USER.accessKeyId, { secretAccessKey: USER.secretAccessKey, userArn: USER_ARN, accountId: '123456789012' }],
        ]),
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('accepts a request signed by a known principal and hands the handler its IAM identity', async () => {
    const client = new FlowClient({ url: server.url, sigv4: { region: REGION } }, { credentials: USER });
    const answer = await client.post('/v1/job/query', { job_id: '202611271544180123450' });
    expect(answer).toMatchObject({
      retcode: 0,
      data: {
        body: { job_id: '202611271544180123450' },
        caller: { kind: 'iam', userArn: USER_ARN, accountId: '123456789012' },
      },
    });
  });

  it("signs FATE's upload, whose query string is the whole conf", async () => {
    const client = new FlowClient({ url: server.url, sigv4: { region: REGION } }, { credentials: USER });
    const answer = await client.upload(
      '/v1/data/upload',
      { namespace: 'n s', table_name: 't&1' },
      'a.csv',
      Buffer.from('id\n1\n'),
    );
    expect(answer).toMatchObject({ retcode: 0, data: { body: { namespace: 'n s', table_name: 't&1' } } });
  });

  it('refuses an unsigned request (403, as API Gateway) before the handler', async () => {
    const answer = await send(
      new URL('/v1/job/query', server.url),
      'POST',
      { 'content-type': 'application/json' },
      Buffer.from('{}'),
    );
    expect(answer).toEqual({ status: 403, body: '{"message":"Forbidden"}' });
  });

  it('refuses a signature made with the wrong secret, for another region, or by an unknown key', async () => {
    for (const [credentials, region, message] of [
      [{ ...USER, secretAccessKey: 'not-the-secret' }, REGION, /does not match/],
      [USER, 'us-east-1', /does not match/],
      [{ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: USER.secretAccessKey }, REGION, /security token .* invalid/],
    ] as const) {
      const client = new FlowClient({ url: server.url, sigv4: { region } }, { credentials });
      await expect(client.post('/v1/job/query', {})).rejects.toThrow(message);
    }
  });

  it('refuses a signed request whose body was changed after signing', async () => {
    const url = new URL('/v1/job/query', server.url);
    const headers = { 'content-type': 'application/json' };
    const signed = await sigV4Signer(
      { region: REGION },
      USER,
    )({ method: 'POST', url, headers, body: Buffer.from('{"job_id":"1"}') });
    expect(await send(url, 'POST', signed, Buffer.from('{"job_id":"2"}'))).toEqual({
      status: 403,
      body: expect.stringContaining('does not match') as unknown as string,
    });
    expect((await send(url, 'POST', signed, Buffer.from('{"job_id":"1"}'))).status).toBe(200);
  });

  it('refuses a signature dated more than 15 minutes off', async () => {
    const url = new URL('/v1/job/query', server.url);
    const signed = await sigV4Signer(
      { region: REGION },
      USER,
    )({ method: 'POST', url, headers: {}, body: Buffer.from('{}') });
    skewMs = 16 * 60_000;
    try {
      expect(await send(url, 'POST', signed, Buffer.from('{}'))).toEqual({
        status: 403,
        body: '{"message":"Signature expired"}',
      });
    } finally {
      skewMs = 0;
    }
  });
});
