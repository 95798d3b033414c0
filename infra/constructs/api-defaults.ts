import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { FEDERATION_PATH } from '../../functions/federation/create-federation-handler.js';

/** FATE-Flow's v1 API: every user route, signed with SigV4 (IAM) at the gateway. */
export const USER_ROUTE_PATH = '/v1/{proxy+}';

/**
 * FATE-Serving's inference routes (`/federation/v1/inference`, `/federation/v1/batchInference`),
 * served by their own function and signed with SigV4 (IAM) like the user routes.
 */
export const INFERENCE_ROUTE_PATH = '/federation/v1/{proxy+}';

/**
 * Peers call this path without AWS credentials (they are other organisations): the handler checks
 * each call's Ed25519 signature, timestamp, destination and replay. The most specific route wins,
 * so it takes precedence over USER_ROUTE_PATH.
 */
export { FEDERATION_PATH };

/**
 * The `$default` stage: no stage prefix in the path, which the federation handler compares as is.
 * Its default route throttle covers the user routes: a flood is refused at the gateway before it
 * costs a Lambda invocation. FATE-Flow sites see a few requests per second.
 */
export const API_THROTTLE: ThrottleSettings = { rateLimit: 50, burstLimit: 100 };

/**
 * The federation route's own bucket (route-level throttling), so that unauthenticated calls from
 * the internet cannot use up the user routes' and the other way round. Higher than the users':
 * the data plane sends a value's parts eight at a time per destination, and a peer retries a 429
 * with backoff (SignedPeerClient). Per client IP limits need WAF (FederationEdge).
 */
export const FEDERATION_THROTTLE: ThrottleSettings = { rateLimit: 100, burstLimit: 200 };

/** The federation route's key, as route settings name it. */
export const FEDERATION_ROUTE_KEY = `POST ${FEDERATION_PATH}`;

/**
 * One JSON line per request, of variables HTTP APIs define (REST's standard set has some they do
 * not, such as `$context.resourcePath`). The identity fields name the SigV4 caller of user routes.
 */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    caller: '$context.identity.caller',
    user: '$context.identity.user',
    accountId: '$context.identity.accountId',
    routeKey: '$context.routeKey',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);
/**
 * The app-key API's request must carry these headers, or API Gateway answers 401 without invoking
 * the authorizer. APP_KEY is left to the authorizer, which also takes FATE-Flow's `APP-KEY`.
 */
export const APP_KEY_IDENTITY_SOURCE = [
  '$request.header.TIMESTAMP',
  '$request.header.NONCE',
  '$request.header.SIGNATURE',
] as const;

/** The app-key API's access log: the authorizer's verdict and the app key in place of an IAM caller. */
export const APP_KEY_ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    appKey: '$context.authorizer.appKey',
    authorizerError: '$context.authorizer.error',
    routeKey: '$context.routeKey',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export const ACCESS_LOG_RETENTION = RetentionDays.ONE_MONTH;
