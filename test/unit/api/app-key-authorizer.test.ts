import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { createAppKeyAuthorizer } from '../../../functions/api/app-key-authorizer.js';
import type { RefusalLogger } from '../../../functions/api/middleware/authenticate.js';

const NOW = 1_764_258_000_000;
const KEYS = new Map([['app-key-1', 'secret-key-1']]);

/** Signs as fate_client's access_server does: base64(HMAC-SHA1(secret, "\n".join(parts))). */
function signed(pathUrl: string, body: string, options: { secret?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? NOW);
  const nonce = 'a8b8b5a2-cbb1-11f0-8de9-0242ac120002';
  const message = [timestamp, nonce, 'app-key-1', pathUrl, body, ''].join('\n');
  const signature = createHmac('sha1', options.secret ?? 'secret-key-1')
    .update(message)
    .digest('base64');
  return { timestamp, nonce, app_key: 'app-key-1', signature };
}

/** The authorizer event API Gateway sends for a payload-2.0 REQUEST authorizer. */
function authorizerEvent(
  path: string,
  headers: Record<string, string>,
  query = '',
): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/$default/POST/v1/job/query',
    identitySource: [headers.timestamp ?? '', headers.nonce ?? '', headers.signature ?? ''],
    routeKey: 'ANY /v1/{proxy+}',
    rawPath: path,
    rawQueryString: query,
    cookies: [],
    headers,
    queryStringParameters: {},
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'python-urllib3/1.26.18' },
      requestId: 'r-1',
      routeKey: 'ANY /v1/{proxy+}',
      stage: '$default',
      time: '27/Nov/2026:15:40:00 +0000',
      timeEpoch: NOW,
    },
    pathParameters: { proxy: path.slice(4) },
    stageVariables: {},
  };
}

function authorizer() {
  const refusals: { reason: unknown; appKey: unknown }[] = [];
  const logger: RefusalLogger = {
    warn: (_message, attributes) => refusals.push({ reason: attributes.reason, appKey: attributes.appKey }),
  };
  let reads = 0;
  const handler = createAppKeyAuthorizer({
    appKeys: {
      appKeys: async () => {
        reads += 1;
        return KEYS;
      },
    },
    logger,
    clock: () => NOW,
  });
  return { handler, refusals, reads: () => reads };
}

const body = '{"job_id": "202611271544180000001"}';

describe('the app-key Lambda authorizer', () => {
  it('authorizes a request without a body whose whole signature it checked', async () => {
    const { handler } = authorizer();
    const headers = { ...signed('/v1/job/list/job', ''), 'content-length': '0' };
    expect(await handler(authorizerEvent('/v1/job/list/job', headers))).toEqual({
      isAuthorized: true,
      context: { appKey: 'app-key-1', signatureChecked: true },
    });
  });

  it('signs the path with its query, as FATE does', async () => {
    const { handler } = authorizer();
    const headers = { ...signed('/v1/data/upload?%7B%7D', ''), 'content-length': '0' };
    expect((await handler(authorizerEvent('/v1/data/upload', headers, '%7B%7D'))).isAuthorized).toBe(true);
  });

  it("passes a known app key's request with a body on to the API, which checks the signature over it", async () => {
    const { handler } = authorizer();
    const headers = { ...signed('/v1/job/query', body), 'content-length': String(body.length) };
    expect(await handler(authorizerEvent('/v1/job/query', headers))).toEqual({
      isAuthorized: true,
      context: { appKey: 'app-key-1', signatureChecked: false },
    });
  });

  it.each([
    [
      'no SIGNATURE',
      { timestamp: String(NOW), nonce: 'n-1', app_key: 'app-key-1' },
      'incomplete signature: missing SIGNATURE header',
    ],
    [
      'a stale TIMESTAMP',
      signed('/v1/job/query', body, { timestamp: NOW - 61_000 }),
      'timestamp out of range: TIMESTAMP must be within 60 s of the server clock',
    ],
    ['an unknown app key', { ...signed('/v1/job/query', body), app_key: 'app-key-2' }, 'unknown app key'],
  ])('refuses %s, and logs why', async (_case, headers, reason) => {
    const { handler, refusals } = authorizer();
    expect(await handler(authorizerEvent('/v1/job/query', { ...headers, 'content-length': '40' }))).toEqual({
      isAuthorized: false,
    });
    expect(refusals.map((refusal) => refusal.reason)).toEqual([reason]);
  });

  it('refuses a wrong signature on a request without a body, where it can check the whole of it', async () => {
    const { handler, refusals } = authorizer();
    const headers = { ...signed('/v1/job/list/job', '', { secret: 'guessed' }), 'content-length': '0' };
    expect(await handler(authorizerEvent('/v1/job/list/job', headers))).toEqual({ isAuthorized: false });
    expect(refusals).toEqual([{ reason: 'bad signature: SIGNATURE does not match the request', appKey: 'app-key-1' }]);
  });

  it('reads no app key for headers that are wrong whatever the key', async () => {
    const { handler, reads } = authorizer();
    await handler(
      authorizerEvent('/v1/job/query', { timestamp: 'yesterday', nonce: 'n', app_key: 'k', signature: 's' }),
    );
    expect(reads()).toBe(0);
  });
});
