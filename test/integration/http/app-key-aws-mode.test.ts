import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoNonceStore } from '../../../functions/adapters/dynamodb/nonce-store.js';
import { createAppKeyAuthorizer } from '../../../functions/api/app-key-authorizer.js';
import { fateSignature } from '../../../functions/api/auth/fate-signature.js';
import { createApiHandler } from '../../../functions/api/create-api-handler.js';
import type { AppKeySource } from '../../../functions/domain/ports/app-key-source.js';
import { APP_KEY_IDENTITY_SOURCE } from '../../../infra/constructs/api-defaults.js';
import { type ApiServer, startApiServer } from '../../../local/http/api-gateway-server.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { type TestServices, testRoutes } from '../../unit/api/support/test-routes.js';

const APP_KEY = 'fate-client-1';
const SECRET_KEY = 'd2b7a0c4e9f14a3b8c6d5e7f';
const appKeys: AppKeySource = { appKeys: async () => new Map([[APP_KEY, SECRET_KEY]]) };

interface Signing {
  readonly secret?: string;
  readonly nonce?: string;
  readonly timestamp?: number;
  /** What the signature covers, when not the body sent (a body changed after signing). */
  readonly signedBody?: string;
}

/** A request as FATE's client sends it: Python json.dumps body, its four signing headers. */
function fateCall(url: string, path: string, body: string, signing: Signing | 'unsigned' = {}) {
  const timestamp = String(signing === 'unsigned' ? Date.now() : (signing.timestamp ?? Date.now()));
  const nonce = signing === 'unsigned' ? '' : (signing.nonce ?? randomUUID());
  const signature =
    signing === 'unsigned'
      ? undefined
      : fateSignature(signing.secret ?? SECRET_KEY, {
          timestamp,
          nonce,
          appKey: APP_KEY,
          pathWithQuery: path,
          jsonBody: Buffer.from(signing.signedBody ?? body),
          form: '',
        });
  const headers: Record<string, string> = {
    'User-Agent': 'python-urllib3/1.26.18',
    'Accept-Encoding': 'identity',
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Type': 'application/json',
    ...(signature === undefined ? {} : { TIMESTAMP: timestamp, NONCE: nonce, APP_KEY, SIGNATURE: signature }),
  };
  const target = new URL(path, url);
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(target, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Issue #13's acceptance, AWS mode: the app-key API as the stack builds it — API Gateway's Lambda
 * authorizer (the same function, run as API Gateway runs it, uncached, with the stack's identity
 * sources) in front of the user API in IAM mode with the site's app keys and its NONCE store on
 * DynamoDB (dynalite).
 */
describe("FATE's app-key signature at the app-key API (AWS mode)", () => {
  let local: LocalDynamo;
  let server: ApiServer;
  const silent = new Logger({ logLevel: 'SILENT' });
  const body = '{"job_id": "202611271544180123450", "role": "guest", "party_id": "9999"}';

  beforeAll(async () => {
    local = await startDynalite();
    const handler = createApiHandler<TestServices>({
      routes: testRoutes,
      services: () => ({ site: 'guest' }),
      auth: { mode: 'iam', appKeys, nonces: new DynamoNonceStore(local.client, local.tableName) },
      logger: silent,
    });
    server = await startApiServer({
      handler,
      lambdaAuthorizer: {
        handler: createAppKeyAuthorizer({ appKeys, logger: silent }),
        identityHeaders: APP_KEY_IDENTITY_SOURCE.map((source) => source.replace('$request.header.', '')),
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await local.stop();
  });

  it('accepts a signed request, and the route sees the app key as its caller', async () => {
    expect(await fateCall(server.url, '/v1/job/query', body)).toEqual({
      status: 200,
      json: expect.objectContaining({
        retcode: 0,
        data: expect.objectContaining({
          body: { job_id: '202611271544180123450', role: 'guest', party_id: '9999' },
          caller: { kind: 'app-key', appKey: APP_KEY },
        }),
      }),
    });
  });

  it("refuses an unsigned request at the gateway: API Gateway's 401", async () => {
    expect(await fateCall(server.url, '/v1/job/query', body, 'unsigned')).toEqual({
      status: 401,
      json: { message: 'Unauthorized' },
    });
  });

  it('refuses a signature by another secret, or over another body, at the API (the authorizer cannot see the body)', async () => {
    for (const signing of [{ secret: 'not-the-secret' }, { signedBody: body.replace('9999', '10000') }]) {
      expect(await fateCall(server.url, '/v1/job/query', body, signing)).toEqual({
        status: 401,
        json: { retcode: 109, retmsg: 'authentication failed' },
      });
    }
  });

  it("refuses a wrong signature without a body, and a stale TIMESTAMP, at the authorizer: API Gateway's 403", async () => {
    expect(await fateCall(server.url, '/v1/job/query', '', { secret: 'not-the-secret' })).toEqual({
      status: 403,
      json: { message: 'Forbidden' },
    });
    expect(await fateCall(server.url, '/v1/job/query', body, { timestamp: Date.now() - 61_000 })).toEqual({
      status: 403,
      json: { message: 'Forbidden' },
    });
  });

  it('refuses a replayed request: its NONCE was remembered the first time', async () => {
    const signing = { nonce: randomUUID(), timestamp: Date.now() };
    expect((await fateCall(server.url, '/v1/job/query', body, signing)).status).toBe(200);
    expect(await fateCall(server.url, '/v1/job/query', body, signing)).toEqual({
      status: 401,
      json: {
        retcode: 109,
        retmsg: 'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE',
      },
    });
  });
});
