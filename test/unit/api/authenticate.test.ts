import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { apiState } from '../../../functions/api/api-event.js';
import { type AuthOptions, authenticate } from '../../../functions/api/middleware/authenticate.js';
import { normalizeRequest } from '../../../functions/api/middleware/normalize-request.js';
import { AuthenticationError } from '../../../functions/domain/errors.js';
import { apiEvent, type EventSpec, middyRequest } from './support/api-events.js';

const NOW = 1_764_258_000_000;
const TOKEN = 'tok-3f9a1c2e7b6d4e0f8a1b2c3d4e5f6071';
const credentials: AuthOptions = {
  bearerTokens: ['tok-other-0000000000000000000000000', TOKEN],
  appKeys: { 'app-key-1': 'secret-key-1' },
  clock: () => NOW,
};

/** Signs as fate_client's access_server does: base64(HMAC-SHA1(secret, "\n".join(parts))). */
function fateHeaders(options: {
  pathUrl: string;
  body?: string;
  timestamp?: number;
  appKey?: string;
  secret?: string;
}): Record<string, string> {
  const timestamp = String(options.timestamp ?? NOW);
  const nonce = 'a8b8b5a2-cbb1-11f0-8de9-0242ac120002';
  const appKey = options.appKey ?? 'app-key-1';
  const message = [timestamp, nonce, appKey, options.pathUrl, options.body ?? '', ''].join('\n');
  const signature = createHmac('sha1', options.secret ?? 'secret-key-1')
    .update(message)
    .digest('base64');
  return { TIMESTAMP: timestamp, NONCE: nonce, APP_KEY: appKey, SIGNATURE: signature };
}

async function authenticated(spec: EventSpec, options: AuthOptions = credentials) {
  const request = middyRequest(apiEvent(spec));
  await normalizeRequest().before?.(request);
  await authenticate(options).before?.(request);
  return request.event[apiState]?.caller;
}

async function refusal(spec: EventSpec, options: AuthOptions = credentials): Promise<unknown> {
  return authenticated(spec, options).then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

const queryBody = '{"job_id": "202611271544180123450", "role": "guest", "party_id": "9999"}';
const json = { 'Content-Type': 'application/json' };

describe('authenticate with bearer tokens', () => {
  it('accepts a configured token', async () => {
    expect(await authenticated({ headers: { Authorization: `Bearer ${TOKEN}` } })).toEqual({ kind: 'bearer' });
  });

  it('accepts the scheme in any case', async () => {
    expect(await authenticated({ headers: { authorization: `bearer ${TOKEN}` } })).toEqual({ kind: 'bearer' });
  });

  it('refuses an unknown token with 401 and retcode 109', async () => {
    const error = await refusal({ headers: { Authorization: `Bearer ${TOKEN}x` } });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, retcode: 109, message: 'invalid bearer token' });
  });

  it('refuses another Authorization scheme by name', async () => {
    expect(await refusal({ headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).toMatchObject({
      message: 'unsupported Authorization scheme "Basic"; use Bearer',
    });
  });

  it('refuses a request without credentials and says what to send', async () => {
    expect(await refusal({})).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message:
        'missing credentials: send "Authorization: Bearer <token>" or sign the request with TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers',
    });
  });
});

describe("authenticate with FATE's client signature", () => {
  it('accepts a JSON request signed as the flow client signs it', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    expect(await authenticated({ path: '/v1/job/query', headers, body: queryBody })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it('accepts a GET with a JSON body', async () => {
    const path = '/v1/tracking/component/output/data/download';
    const headers = { ...json, ...fateHeaders({ pathUrl: path, body: queryBody }) };
    expect(await authenticated({ method: 'GET', path, headers, body: queryBody })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it('accepts a multipart upload signed over the path and query only', async () => {
    const query = '%7B%22namespace%22:%20%22experiment%22%7D';
    const headers = {
      'Content-Type': 'multipart/form-data; boundary=b1',
      ...fateHeaders({ pathUrl: `/v1/data/upload?${query}` }),
    };
    const body = Buffer.from(
      '--b1\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n--b1--\r\n',
    );
    expect(await authenticated({ path: '/v1/data/upload', query, headers, body })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it("accepts FATE-Flow's server-side spelling APP-KEY", async () => {
    const { APP_KEY, ...rest } = fateHeaders({ pathUrl: '/v1/job/query', body: queryBody });
    const headers = { ...json, ...rest, 'APP-KEY': APP_KEY ?? '' };
    expect(await authenticated({ path: '/v1/job/query', headers, body: queryBody })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it('accepts a timestamp exactly 60 s away', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, timestamp: NOW - 60_000 }) };
    expect(await authenticated({ path: '/v1/job/query', headers, body: queryBody })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it('refuses a tampered body as a bad signature', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    const tampered = queryBody.replace('guest', 'host');
    expect(await refusal({ path: '/v1/job/query', headers, body: tampered })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'bad signature: SIGNATURE does not match the request',
    });
  });

  it('refuses a signature made for another path', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    expect(await refusal({ path: '/v1/job/stop', headers, body: queryBody })).toMatchObject({
      message: 'bad signature: SIGNATURE does not match the request',
    });
  });

  it('refuses a signature made with another secret', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, secret: 'guess' }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'bad signature: SIGNATURE does not match the request',
    });
  });

  it('refuses a timestamp older than 60 s', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, timestamp: NOW - 60_001 }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'timestamp out of range: TIMESTAMP must be within 60 s of the server clock',
    });
  });

  it('refuses a timestamp from the future', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, timestamp: NOW + 61_000 }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'timestamp out of range: TIMESTAMP must be within 60 s of the server clock',
    });
  });

  it('refuses a timestamp in seconds rather than milliseconds as out of range', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, timestamp: NOW / 1000 }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'timestamp out of range: TIMESTAMP must be within 60 s of the server clock',
    });
  });

  it('refuses a TIMESTAMP that is not a number', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }), TIMESTAMP: 'now' };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'invalid TIMESTAMP header: expected milliseconds since the epoch',
    });
  });

  it('refuses an unknown app key without naming any known one', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, appKey: 'app-key-2' }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'unknown app key',
    });
  });

  it('names the signing headers that are missing', async () => {
    const { NONCE: _nonce, SIGNATURE: _signature, ...partial } = fateHeaders({ pathUrl: '/v1/job/query' });
    expect(await refusal({ path: '/v1/job/query', headers: partial })).toMatchObject({
      message: 'incomplete signature: missing NONCE, SIGNATURE header',
    });
  });

  it('accepts a good signature next to a bad bearer token', async () => {
    const headers = {
      ...json,
      Authorization: 'Bearer wrong',
      ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }),
    };
    expect(await authenticated({ path: '/v1/job/query', headers, body: queryBody })).toEqual({
      kind: 'app-key',
      appKey: 'app-key-1',
    });
  });

  it('refuses a signature when only bearer tokens are configured', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    const options: AuthOptions = { bearerTokens: [TOKEN], appKeys: {}, clock: () => NOW };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody }, options)).toMatchObject({
      message: 'unknown app key',
    });
  });
});

describe('authenticate in IAM mode', () => {
  it('trusts the IAM principal API Gateway verified', async () => {
    const iam = { userArn: 'arn:aws:iam::123456789012:user/flow', accountId: '123456789012' };
    expect(await authenticated({ iam }, { mode: 'iam' })).toEqual({ kind: 'iam', ...iam });
  });

  it('refuses an event without an IAM authorizer, whatever headers it carries', async () => {
    expect(await refusal({ headers: { Authorization: `Bearer ${TOKEN}` } }, { mode: 'iam' })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'missing IAM authorization: sign the request with AWS SigV4',
    });
  });
});

describe('authenticate options', () => {
  it('lets every request in as anonymous when authentication is off', async () => {
    expect(await authenticated({}, { mode: 'none' })).toEqual({ kind: 'anonymous' });
  });

  it('refuses credentials under which nobody could call', () => {
    expect(() => authenticate({ bearerTokens: [], appKeys: {} })).toThrow(/nobody could call/);
  });

  it('refuses an empty token', () => {
    expect(() => authenticate({ bearerTokens: [''], appKeys: {} })).toThrow(/authenticate: invalid options/);
  });

  it('refuses a misspelt option', () => {
    expect(() => authenticate({ bearerTokens: [TOKEN], appKeys: {}, clok: () => 0 } as never)).toThrow(/clok/);
  });

  it('refuses options mixed across modes', () => {
    expect(() => authenticate({ mode: 'iam', bearerTokens: [TOKEN] } as never)).toThrow(/bearerTokens/);
  });
});
