/**
 * An HTTP API Lambda authorizer (REQUEST, payload 2.0, simple responses, no caching) as API
 * Gateway runs it: a request missing an identity source header is answered 401 `Unauthorized`
 * without calling the authorizer; `isAuthorized: false` (or an authorizer that throws) is 403
 * `Forbidden`, or 500 for a throw, as API Gateway answers; otherwise its `context` reaches the
 * handler as `requestContext.authorizer.lambda`.
 */
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

export interface LocalLambdaAuthorizerOptions {
  readonly handler: (
    event: APIGatewayRequestAuthorizerEventV2,
  ) => Promise<{ readonly isAuthorized: boolean; readonly context?: Readonly<Record<string, unknown>> }>;
  /** Header names (any case) every request must carry: the authorizer's `identitySource`. */
  readonly identityHeaders: readonly string[];
}

export type LambdaAuthorization =
  | { readonly ok: true; readonly context: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly status: 401 | 403 | 500; readonly message: string };

export function localLambdaAuthorizer(
  options: LocalLambdaAuthorizerOptions,
): (event: APIGatewayProxyEventV2) => Promise<LambdaAuthorization> {
  const identity = options.identityHeaders.map((name) => name.toLowerCase());
  return async (event) => {
    const values = identity.map((name) => event.headers[name]);
    if (values.some((value) => value === undefined || value === '')) {
      return { ok: false, status: 401, message: 'Unauthorized' };
    }
    const { body: _body, isBase64Encoded: _encoded, ...request } = event;
    let answer: Awaited<ReturnType<LocalLambdaAuthorizerOptions['handler']>>;
    try {
      answer = await options.handler({
        ...request,
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${event.requestContext.http.method}${event.rawPath}`,
        identitySource: values as string[],
      } as APIGatewayRequestAuthorizerEventV2);
    } catch {
      return { ok: false, status: 500, message: 'Internal Server Error' };
    }
    return answer.isAuthorized
      ? { ok: true, context: answer.context ?? {} }
      : { ok: false, status: 403, message: 'Forbidden' };
  };
}
