import type { Request } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ApiEvent } from '../../../../functions/api/api-event.js';
import { lambdaContext } from '../../../../local/http/lambda-context.js';

export interface EventSpec {
  readonly method?: string;
  readonly path?: string;
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as text, a Buffer base64-encoded as API Gateway sends binary. */
  readonly body?: string | Buffer;
  readonly stage?: string;
  readonly iam?: { readonly userArn: string; readonly accountId: string };
  /** The claims a JWT authorizer verified (the board's API). */
  readonly jwt?: Readonly<Record<string, unknown>>;
}

/** An API Gateway HTTP API payload-v2 event, as API Gateway would build it. */
export function apiEvent<Services = unknown>(spec: EventSpec = {}): ApiEvent<Services> {
  const { method = 'POST', path = '/v1/test/echo', query = '', headers = {}, body, stage = '$default' } = spec;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'python-urllib3/1.26.18' },
      requestId: 'request-1',
      routeKey: '$default',
      stage,
      time: '27/Nov/2026:15:44:18 +0000',
      timeEpoch: 1_795_794_258_000,
      ...(spec.iam === undefined ? {} : { authorizer: { iam: spec.iam } }),
      ...(spec.jwt === undefined ? {} : { authorizer: { jwt: { claims: spec.jwt, scopes: null } } }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : body.toString('base64') }),
    isBase64Encoded: Buffer.isBuffer(body),
  };
}

export function testContext(): Context {
  return lambdaContext('fate-flow-api-test', 30_000);
}

/** A middy request for calling one middleware's `before` directly. */
export function middyRequest<Services>(
  event: ApiEvent<Services>,
): Request<ApiEvent<Services>, APIGatewayProxyStructuredResultV2, Error, Context> {
  return { event, context: testContext(), response: undefined, error: undefined, internal: {} };
}

/** The JSON body of a structured result. */
export function jsonBody(result: APIGatewayProxyStructuredResultV2 | null | undefined): unknown {
  return JSON.parse(result?.body ?? 'null');
}
