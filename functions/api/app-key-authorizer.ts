/**
 * The Lambda authorizer of the app-key API (API Gateway HTTP API, payload 2.0, simple responses):
 * FATE's client signature checked as far as it can be without the body (auth/authorize-app-key.ts).
 * A refusal is API Gateway's 403; its reason goes to the log, never to the caller.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import type { AppKeySource } from '../domain/ports/app-key-source.js';
import { authorizeAppKey } from './auth/authorize-app-key.js';
import type { RefusalLogger } from './middleware/authenticate.js';

export interface AppKeyAuthorizerResult {
  readonly isAuthorized: boolean;
  /** `requestContext.authorizer.lambda` of the request the API then receives. */
  readonly context?: { readonly appKey: string; readonly signatureChecked: boolean };
}

export interface AppKeyAuthorizerOptions {
  readonly appKeys: AppKeySource;
  readonly logger: RefusalLogger;
  /** Milliseconds since the epoch. @default Date.now */
  readonly clock?: () => number;
}

export function createAppKeyAuthorizer(
  options: AppKeyAuthorizerOptions,
): (event: APIGatewayRequestAuthorizerEventV2) => Promise<AppKeyAuthorizerResult> {
  const clock = options.clock ?? Date.now;
  return async (event) => {
    const decision = await authorizeAppKey(
      { headers: event.headers ?? {}, rawPath: event.rawPath, rawQueryString: event.rawQueryString ?? '' },
      options.appKeys,
      clock,
    );
    if (decision.authorized) {
      return {
        isAuthorized: true,
        context: { appKey: decision.appKey, signatureChecked: decision.signatureChecked },
      };
    }
    options.logger.warn('request not authorized', {
      reason: decision.refusal.reason,
      ...(decision.refusal.appKey === undefined ? {} : { appKey: decision.refusal.appKey }),
      method: event.requestContext.http.method,
      path: event.rawPath,
      sourceIp: event.requestContext.http.sourceIp,
    });
    return { isAuthorized: false };
  };
}
