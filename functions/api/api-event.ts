/**
 * The event as it travels through the HTTP middleware stack. API Gateway's v2 event, plus the
 * state the middlewares hand down to the route handler under a symbol key: a symbol cannot be
 * forged by whoever builds the JSON event, and is left out when the event is logged.
 */
import type {
  APIGatewayEventRequestContextIAMAuthorizer,
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
} from 'aws-lambda';
import { ServerError } from '../domain/errors.js';
import type { ApiRequest, Caller, Route } from './route.js';

/**
 * The request context, with the authorizer block API Gateway adds: `iam` when the route has IAM
 * auth (the users' API), `jwt` when it has a JWT authorizer (the board's API, Cognito tokens).
 */
export interface ApiRequestContext extends APIGatewayEventRequestContextV2 {
  readonly authorizer?: {
    readonly iam?: Partial<APIGatewayEventRequestContextIAMAuthorizer['iam']>;
    readonly jwt?: { readonly claims?: Readonly<Record<string, unknown>>; readonly scopes?: readonly string[] | null };
  };
}

export const apiState: unique symbol = Symbol('fate-flow.api-state');

export interface ApiState<Services> {
  /** The body bytes, base64 already decoded (normalizeRequest). */
  readonly rawBody: Buffer;
  /** Who is calling (authenticate). */
  readonly caller?: Caller;
  /** The matched route (matchRoute). */
  readonly route?: Route<Services>;
  /** What the route handler receives (parseRequest). */
  readonly request?: ApiRequest;
}

export interface ApiEvent<Services> extends APIGatewayProxyEventV2WithRequestContext<ApiRequestContext> {
  [apiState]?: ApiState<Services>;
}

/** The state left by the middlewares before this one; a missing piece means the stack is misassembled. */
export function stateOf<Services>(event: ApiEvent<Services>, reader: string): ApiState<Services> {
  const state = event[apiState];
  if (state === undefined) throw new ServerError(`${reader} ran before normalizeRequest`);
  return state;
}

/** The path routes are matched on: the raw path without the stage prefix of a named stage. */
export function routePath<Services>(event: ApiEvent<Services>): string {
  const path = event.rawPath || event.requestContext.http.path || '/';
  const stage = event.requestContext.stage;
  if (stage && stage !== '$default' && path.startsWith(`/${stage}/`)) return path.slice(stage.length + 1);
  return path;
}
