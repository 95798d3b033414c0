import { createHmac } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import { apiState } from '../../../functions/api/api-event.js';
import {
  type AuthOptions,
  authenticate,
  type CredentialAuthOptions,
  type RefusalLogger,
} from '../../../functions/api/middleware/authenticate.js';
import { normalizeRequest } from '../../../functions/api/middleware/normalize-request.js';
import { AuthenticationError } from '../../../functions/domain/errors.js';
import type { NonceStore } from '../../../functions/domain/ports/nonce-store.js';
import { apiEvent, type EventSpec, middyRequest } from './support/api-events.js';

const NOW = 1_764_258_000_000;
const TOKEN = 'tok-3f9a1c2e7b6d4e0f8a1b2c3d4e5f6071';

/** The nonce store's contract (the DynamoDB adapter's is tested on dynalite): a pair is 'seen' until it expires. */
class RememberedNonces implements NonceStore {
  readonly pairs = new Map<string, number>();
  async rememberNonce(appKey: string, nonce: string, expiresAt: number): Promise<'new' | 'seen'> {
    const key = `${appKey} ${nonce}`;
    const kept = this.pairs.get(key);
    if (kept !== undefined && kept >= NOW) return 'seen';
    this.pairs.set(key, expiresAt);
    return 'new';
  }
}

function credentialOptions(nonces: NonceStore = new RememberedNonces()): CredentialAuthOptions {
  return {
    bearerTokens: ['tok-other-0000000000000000000000000', TOKEN],
    appKeys: { 'app-key-1': 'secret-key-1' },
    nonces,
    clock: () => NOW,
  };
}

/** Signs as fate_client's access_server does: base64(HMAC-SHA1(secret, "\n".join(parts))). */
function fateHeaders(options: {
  pathUrl: string;
  body?: string;
  timestamp?: number;
  appKey?: string;
  secret?: string;
  nonce?: string;
}): Record<string, string> {
  const timestamp = String(options.timestamp ?? NOW);
  const nonce = options.nonce ?? 'a8b8b5a2-cbb1-11f0-8de9-0242ac120002';
  const appKey = options.appKey ?? 'app-key-1';
  const message = [timestamp, nonce, appKey, options.pathUrl, options.body ?? '', ''].join('\n');
  const signature = createHmac('sha1', options.secret ?? 'secret-key-1')
    .update(message)
    .digest('base64');
  return { TIMESTAMP: timestamp, NONCE: nonce, APP_KEY: appKey, SIGNATURE: signature };
}

function silentLogger() {
  const logger: RefusalLogger = { warn: () => undefined };
  return { logger, warned: jest.spyOn(logger, 'warn') };
}

async function authenticated(
  spec: EventSpec,
  options: AuthOptions = credentialOptions(),
  logging: { readonly logger: RefusalLogger } = silentLogger(),
) {
  const request = middyRequest(apiEvent(spec));
  await normalizeRequest().before?.(request);
  await authenticate(options, logging).before?.(request);
  return request.event[apiState]?.caller;
}

async function refusal(spec: EventSpec, options: AuthOptions = credentialOptions()): Promise<unknown> {
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

  it('refuses an unknown token with 401, retcode 109 and "authentication failed"; the log says why', async () => {
    const { logger, warned } = silentLogger();
    const error = await authenticated({ headers: { Authorization: `Bearer ${TOKEN}x` } }, credentialOptions(), {
      logger,
    }).then(
      () => 'accepted',
      (refused: unknown) => refused,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ statusCode: 401, retcode: 109, message: 'authentication failed' });
    expect(warned.mock.calls).toEqual([
      [
        'request not authenticated',
        { reason: 'unknown bearer token', method: 'POST', path: '/v1/test/echo', sourceIp: '192.0.2.1' },
      ],
    ]);
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

  it('refuses a tampered body as a bad signature, answered as "authentication failed"', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    const tampered = queryBody.replace('guest', 'host');
    expect(await refusal({ path: '/v1/job/query', headers, body: tampered })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'authentication failed',
    });
  });

  it('refuses a signature made for another path', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody }) };
    expect(await refusal({ path: '/v1/job/stop', headers, body: queryBody })).toMatchObject({
      message: 'authentication failed',
    });
  });

  it('refuses a signature made with another secret', async () => {
    const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, secret: 'guess' }) };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'authentication failed',
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

  it('refuses an unknown app key exactly as a bad signature; only the log tells them apart', async () => {
    const unknownKey = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, appKey: 'app-key-2' }) };
    const badSignature = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, secret: 'guess' }) };
    const { logger, warned } = silentLogger();
    const answers: unknown[] = [];
    for (const headers of [unknownKey, badSignature]) {
      const request = { path: '/v1/job/query', headers, body: queryBody };
      answers.push(await authenticated(request, credentialOptions(), { logger }).catch((error: unknown) => error));
    }
    const [first, second] = answers;
    expect(first).toBeInstanceOf(AuthenticationError);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ statusCode: 401, retcode: 109, message: 'authentication failed' });
    expect(warned.mock.calls.map(([, attributes]) => [attributes.reason, attributes.appKey])).toEqual([
      ['unknown app key', 'app-key-2'],
      ['bad signature: SIGNATURE does not match the request', 'app-key-1'],
    ]);
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
      message: 'authentication failed',
    });
  });

  it('reports a bad bearer token, not the signature, when both fail', async () => {
    const headers = {
      ...json,
      Authorization: 'Basic dXNlcjpwYXNz',
      ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, appKey: 'app-key-2' }),
    };
    expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
      message: 'unsupported Authorization scheme "Basic"; use Bearer',
    });
  });

  it('refuses a NONCE that is not 1 to 128 printable ASCII characters', async () => {
    for (const nonce of ['x'.repeat(129), 'a b']) {
      const headers = { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, nonce }) };
      expect(await refusal({ path: '/v1/job/query', headers, body: queryBody })).toMatchObject({
        statusCode: 401,
        message: 'invalid NONCE header: expected 1 to 128 printable ASCII characters',
      });
    }
  });
});

describe('app-key NONCEs', () => {
  const signed = (nonce: string, timestamp = NOW) => ({
    path: '/v1/job/query',
    headers: { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, nonce, timestamp }) },
    body: queryBody,
  });

  it('remembers an accepted pair until its TIMESTAMP leaves the window, and refuses it a second time', async () => {
    const nonces = new RememberedNonces();
    const options = credentialOptions(nonces);
    expect(await authenticated(signed('n-1', NOW - 5_000), options)).toEqual({ kind: 'app-key', appKey: 'app-key-1' });
    expect([...nonces.pairs]).toEqual([['app-key-1 n-1', NOW - 5_000 + 60_000]]);
    expect(await refusal(signed('n-1', NOW - 5_000), options)).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE',
    });
    expect(await authenticated(signed('n-2'), options)).toEqual({ kind: 'app-key', appKey: 'app-key-1' });
    expect([...nonces.pairs.keys()]).toEqual(['app-key-1 n-1', 'app-key-1 n-2']);
  });

  it('remembers nothing for a refused signature, an unknown key or a stale TIMESTAMP', async () => {
    const nonces = new RememberedNonces();
    const options = credentialOptions(nonces);
    const attempts = [
      { ...signed('n-1'), body: queryBody.replace('guest', 'host') },
      {
        ...signed('n-2'),
        headers: { ...json, ...fateHeaders({ pathUrl: '/v1/job/query', body: queryBody, nonce: 'n-2', appKey: 'k' }) },
      },
      signed('n-3', NOW - 61_000),
    ];
    for (const attempt of attempts) expect(await refusal(attempt, options)).toBeInstanceOf(AuthenticationError);
    expect(nonces.pairs.size).toBe(0);
  });

  it('does not consult the nonce store when a good bearer token comes with the signature', async () => {
    const nonces = new RememberedNonces();
    const request = signed('n-1');
    const headers = { ...request.headers, Authorization: `Bearer ${TOKEN}` };
    expect(await authenticated({ ...request, headers }, credentialOptions(nonces))).toEqual({ kind: 'bearer' });
    expect(nonces.pairs.size).toBe(0);
  });
});

describe('authenticate in IAM mode', () => {
  it('trusts the IAM principal API Gateway verified', async () => {
    const iam = { userArn: 'arn:aws:iam::123456789012:user/flow', accountId: '123456789012' };
    expect(await authenticated({ iam }, { mode: 'iam' })).toEqual({ kind: 'iam', ...iam });
  });

  it("trusts the subject of a Cognito token API Gateway's JWT authorizer verified (the board's API)", async () => {
    const claims = { sub: '5f2c1e0a-7b3d-4c1e-9a8f-0d6e2b4c8a11', client_id: 'board-client', token_use: 'access' };
    expect(await authenticated({ jwt: claims }, { mode: 'iam' })).toEqual({
      kind: 'jwt',
      subject: '5f2c1e0a-7b3d-4c1e-9a8f-0d6e2b4c8a11',
    });
  });

  it('refuses a JWT block without a subject', async () => {
    expect(await refusal({ jwt: { sub: '', client_id: 'board-client' } }, { mode: 'iam' })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'missing IAM authorization: sign the request with AWS SigV4',
    });
  });

  it('refuses an event without an IAM authorizer, whatever headers it carries', async () => {
    expect(await refusal({ headers: { Authorization: `Bearer ${TOKEN}` } }, { mode: 'iam' })).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'missing IAM authorization: sign the request with AWS SigV4',
    });
  });
});

describe('authenticate in IAM mode with app keys (the app-key API, whose authorizer cannot see the body)', () => {
  const iamWithAppKeys = (nonces: NonceStore = new RememberedNonces()): AuthOptions => ({
    mode: 'iam',
    appKeys: { appKeys: async () => new Map([['app-key-1', 'secret-key-1']]) },
    nonces,
    clock: () => NOW,
  });
  const body = '{"job_id": "202611271544180000001"}';

  it('takes a signature over the JSON body, once; the same NONCE again is a replay', async () => {
    const nonces = new RememberedNonces();
    const signed = { path: '/v1/job/query', body, headers: fateHeaders({ pathUrl: '/v1/job/query', body }) };
    expect(await authenticated(signed, iamWithAppKeys(nonces))).toEqual({ kind: 'app-key', appKey: 'app-key-1' });
    expect(await refusal(signed, iamWithAppKeys(nonces))).toMatchObject({
      statusCode: 401,
      retcode: 109,
      message: 'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE',
    });
  });

  it('refuses a signature whose body was changed, or made with another secret, writing no NONCE', async () => {
    const nonces = new RememberedNonces();
    const headers = fateHeaders({ pathUrl: '/v1/job/query', body });
    const tampered = { path: '/v1/job/query', body: body.replace('0001', '0002'), headers };
    expect(await refusal(tampered, iamWithAppKeys(nonces))).toMatchObject({ message: 'authentication failed' });
    const wrongSecret = fateHeaders({ pathUrl: '/v1/job/query', body, secret: 'not-the-secret', nonce: 'n-2' });
    expect(await refusal({ path: '/v1/job/query', body, headers: wrongSecret }, iamWithAppKeys(nonces))).toMatchObject({
      message: 'authentication failed',
    });
    expect(nonces.pairs.size).toBe(0);
  });

  it('still trusts an IAM principal, and refuses a request with neither credential, naming both', async () => {
    const iam = { userArn: 'arn:aws:iam::123456789012:user/flow', accountId: '123456789012' };
    expect(await authenticated({ iam }, iamWithAppKeys())).toEqual({ kind: 'iam', ...iam });
    expect(await refusal({ headers: { Authorization: `Bearer ${TOKEN}` } }, iamWithAppKeys())).toMatchObject({
      statusCode: 401,
      message:
        "missing credentials: sign the request with AWS SigV4, or with FATE's TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers",
    });
  });

  it('refuses app keys without a nonce store', () => {
    expect(() => authenticate({ mode: 'iam', appKeys: { appKeys: async () => new Map() } })).toThrow(
      /app keys need a nonce store \(nonces\)/,
    );
  });
});

describe('authenticate options', () => {
  it('lets every request in as anonymous when authentication is off', async () => {
    expect(await authenticated({}, { mode: 'none' })).toEqual({ kind: 'anonymous' });
  });

  it('refuses app keys without a nonce store', () => {
    expect(() => authenticate({ bearerTokens: [], appKeys: { k: 's' } })).toThrow(
      /app keys need a nonce store \(nonces\): without one a captured signed request could be sent again within 60 s/,
    );
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
