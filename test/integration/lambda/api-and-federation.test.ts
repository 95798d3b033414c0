import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoPartyStore } from '../../../functions/adapters/dynamodb/party-store.js';
import { DynamoResourceStore } from '../../../functions/adapters/dynamodb/resource-store.js';
import { loopbackEvent, replyOfLoopbackAnswer } from '../../../functions/adapters/peers/loopback-event.js';
import { deriveSecretKey } from '../../../functions/adapters/secrets/secrets-manager-signing-key-store.js';
import { fateSignature } from '../../../functions/api/auth/fate-signature.js';
import type { FederatedMessage } from '../../../functions/domain/ports/peer-client.js';
import { keyFingerprint } from '../../../functions/domain/signing/key-fingerprint.js';
import { keyId, publicKeyOf } from '../../../functions/domain/signing/keys.js';
import { signWebhook } from '../../../functions/domain/signing/standard-webhooks.js';
import { decodeReply, encodeEnvelope } from '../../../functions/federation/codec/index.js';
import { handler as api } from '../../../functions/lambda/api.js';
import { handler as appKeyAuthorizer } from '../../../functions/lambda/app-key-authorizer.js';
import { handler as federation } from '../../../functions/lambda/federation.js';
import type { ApiDeps } from '../../../functions/services/entry-deps.js';
import { FATE_FLOW_VERSION, FATE_VERSION, SERVERLESS_VERSION } from '../../../functions/version.js';
import type { LocalDynamo } from '../../support/dynalite.js';
import { apiEvent, jsonBody } from '../../unit/api/support/api-events.js';
import { APP_KEYS_SECRET_ARN, PARTY, PEER, peerKey } from '../../unit/lambda/support/site-env.js';
import { aws, context, SEED, startAwsSiteEnv } from './support/aws-site-env.js';

const IAM = { userArn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' };

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startAwsSiteEnv();
});

afterAll(async () => {
  await dynamo.stop();
});

const post = (path: string, body: unknown, { iam = true } = {}) =>
  api(
    apiEvent<ApiDeps>({
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(iam ? { iam: IAM } : {}),
    }),
    context('fate-flow-api'),
  );

describe('the api Lambda', () => {
  it("answers POST /v1/version/get with FATE's envelope for a caller API Gateway identified by IAM", async () => {
    const result = await post('/v1/version/get', {});
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { FATE: FATE_VERSION, FATEFlow: FATE_FLOW_VERSION, FATEFlowServerless: SERVERLESS_VERSION },
    });
  });

  it("answers a person signed in to the board, whose Cognito token API Gateway's JWT authorizer verified", async () => {
    const result = await api(
      apiEvent<ApiDeps>({
        path: '/v1/version/get',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        jwt: { sub: '5f2c1e0a-7b3d-4c1e-9a8f-0d6e2b4c8a11', client_id: 'board', token_use: 'access' },
      }),
      context('fate-flow-api'),
    );
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toMatchObject({ retcode: 0, data: { FATE: FATE_VERSION } });
  });

  it('refuses a request that carries neither an IAM identity nor an app-key signature with 401 and retcode 109', async () => {
    const result = await post('/v1/version/get', {}, { iam: false });
    expect(result.statusCode).toBe(401);
    expect(jsonBody(result)).toEqual({
      retcode: 109,
      retmsg:
        "missing credentials: sign the request with AWS SigV4, or with FATE's TIMESTAMP, NONCE, APP_KEY and SIGNATURE headers",
    });
  });

  it("takes FATE's app-key signature from the app-key API: the authorizer and the api, both reading the app-key secret", async () => {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    aws.secrets
      .on(GetSecretValueCommand, { SecretId: APP_KEYS_SECRET_ARN })
      .resolves({ SecretString: JSON.stringify({ 'team-a': 'team-a-secret' }) });
    const body = '{}';
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    const headers = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      timestamp,
      nonce,
      app_key: 'team-a',
      signature: fateSignature('team-a-secret', {
        timestamp,
        nonce,
        appKey: 'team-a',
        pathWithQuery: '/v1/version/get',
        jsonBody: Buffer.from(body),
        form: '',
      }),
    };
    const event = apiEvent<ApiDeps>({ path: '/v1/version/get', headers, body });
    const authorized = await appKeyAuthorizer({
      ...event,
      type: 'REQUEST',
      routeArn: 'arn',
      identitySource: [timestamp, nonce, headers.signature],
    } as never);
    expect(authorized).toEqual({ isAuthorized: true, context: { appKey: 'team-a', signatureChecked: false } });
    const answered = jsonBody(await api(event, context('fate-flow-api')));
    expect(answered).toMatchObject({ retcode: 0, data: { FATEFlow: FATE_FLOW_VERSION } });
    const replayed = jsonBody(
      await api(apiEvent<ApiDeps>({ path: '/v1/version/get', headers, body }), context('fate-flow-api')),
    );
    expect(replayed).toEqual({
      retcode: 109,
      retmsg: 'replayed request: this NONCE was already used with this APP_KEY; sign every request with a new NONCE',
    });
  });

  it("created the site's resource pool at cold start from FATE_FLOW_POOL_CORES and FATE_FLOW_POOL_MEMORY", async () => {
    const pool = await new DynamoResourceStore(dynamo.client, dynamo.tableName).getPool('default');
    expect(pool).toEqual({
      name: 'default',
      cores: 16,
      memory: 32768,
      nodes: 1,
      remainingCores: 16,
      remainingMemory: 32768,
      grants: [],
    });
  });

  it("registered the stack's peers at cold start", async () => {
    const result = await post('/v1/party/list', {});
    const stored = await new DynamoPartyStore(dynamo.client, dynamo.tableName).listParties();
    expect(stored.map(({ updateTime: _, ...party }) => party)).toEqual([
      { partyId: PEER, endpoint: 'https://federation.party-10000.example.org', publicKeys: [peerKey.publicKey] },
    ]);
    expect(jsonBody(result)).toMatchObject({
      retcode: 0,
      data: [
        {
          party_id: PEER,
          endpoint: 'https://federation.party-10000.example.org',
          public_keys: [{ key_id: keyId(peerKey.publicKey), public_key: peerKey.publicKey }],
        },
      ],
    });
  });

  it("shows the site's signing key derived from the secret's seed", async () => {
    const publicKey = publicKeyOf(deriveSecretKey(SEED));
    expect(jsonBody(await post('/v1/key/query', {}))).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { party_id: PARTY, public_keys: [{ key_id: keyId(publicKey), public_key: publicKey }] },
    });
  });
});

/** A federation delivery as API Gateway passes it on: the protobuf body base64-encoded. */
function delivery(message: FederatedMessage, sign: readonly string[] | undefined): APIGatewayProxyEventV2 {
  const messageId = randomUUID();
  const body = encodeEnvelope({ ...message, messageId, createdTime: Date.now() });
  const headers =
    sign === undefined
      ? {}
      : signWebhook({ id: `${messageId}_1`, timestamp: Math.floor(Date.now() / 1000), body, secretKeys: sign });
  const event = apiEvent({ path: '/v1/federation', headers: { 'content-type': 'application/x-protobuf', ...headers } });
  return { ...event, body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
}

const returnResources = (src: number): FederatedMessage<'job.resource.return'> => ({
  command: 'job.resource.return',
  jobId: '202611271544180000001',
  src: { role: 'host', partyId: src },
  dest: { role: 'guest', partyId: PARTY },
  body: {},
});

/** This site's own message (its initiator's guest role to its guest role), as its other functions send it. */
const ownReturn: FederatedMessage<'job.resource.return'> = {
  ...returnResources(PARTY),
  src: { role: 'guest', partyId: PARTY },
};

async function deliver(event: APIGatewayProxyEventV2) {
  const result = await federation(event, context('fate-flow-federation'));
  return { status: result.statusCode, reply: decodeReply(new Uint8Array(Buffer.from(result.body ?? '', 'base64'))) };
}

describe('the federation Lambda', () => {
  const registry = () => new DynamoPartyStore(dynamo.client, dynamo.tableName).listParties();

  it('refuses an unsigned delivery from a registered peer with 401, and records no contact', async () => {
    expect(await deliver(delivery(returnResources(PEER), undefined))).toEqual({
      status: 401,
      reply: {
        retcode: 109,
        retmsg: 'missing or empty headers: webhook-id, webhook-timestamp, webhook-signature',
      },
    });
    expect((await registry()).map((party) => party.lastContact)).toEqual([undefined]);
  });

  it('refuses a delivery from a party that is not registered with 401, and registers nothing', async () => {
    expect(await deliver(delivery(returnResources(10001), [peerKey.secretKey]))).toEqual({
      status: 401,
      reply: { retcode: 109, retmsg: 'cannot authenticate the sender' },
    });
    expect((await registry()).map((party) => [party.partyId, party.lastContact])).toEqual([[PEER, undefined]]);
  });

  it('authenticates a delivery signed with the key FATE_FLOW_PEERS registered, then checks its part in the job: refused, with no contact recorded', async () => {
    expect(await deliver(delivery(returnResources(PEER), [peerKey.secretKey]))).toEqual({
      status: 403,
      reply: {
        retcode: 108,
        retmsg: "job 202611271544180000001 is unknown here; only its initiator's job.create may come first",
      },
    });
    // A refused delivery changes nothing, its sender's last contact included; the site page shows
    // the peer with its key's fingerprint, never heard from.
    expect((await registry()).map((party) => party.lastContact)).toEqual([undefined]);
    expect(jsonBody(await post('/v1/site/query', {}))).toMatchObject({
      retcode: 0,
      data: {
        party_id: PARTY,
        peers: [
          {
            party_id: PEER,
            public_keys: [{ key_id: keyId(peerKey.publicKey), fingerprint: keyFingerprint(peerKey.publicKey) }],
            last_contact: null,
          },
        ],
      },
    });
  });

  it("never takes a request whose JSON body is a loopback event for one: it is a peer's delivery, refused unsigned", async () => {
    const smuggled = apiEvent({
      path: '/v1/federation',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(loopbackEvent(ownReturn, Date.now)),
    });
    expect(await deliver(smuggled)).toEqual({
      status: 401,
      reply: {
        retcode: 109,
        retmsg: 'missing or empty headers: webhook-id, webhook-timestamp, webhook-signature',
      },
    });
  });

  it("receives this site's own message from a direct invocation, with no signature, and answers its reply", async () => {
    const answer = await federation(loopbackEvent(ownReturn, Date.now), context('fate-flow-federation'));
    expect(replyOfLoopbackAnswer(answer)).toEqual({
      retcode: 101,
      retmsg: 'job 202611271544180000001 has no guest record at party 9999',
    });
  });
});
