/**
 * The one HTTP stack every API Lambda is built with: API Gateway HTTP API (payload v2) in,
 * FATE-Flow's JSON envelope out. Route handlers see only an ApiRequest and return an ApiResult
 * (see route.ts); everything HTTP lives here and in ./middleware.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { ServerError } from '../domain/errors.js';
import type { ApiEvent } from './api-event.js';
import { apiState } from './api-event.js';
import { toHttpResponse } from './http-response.js';
import { type AuthOptions, authenticate } from './middleware/authenticate.js';
import { fateErrorHandler } from './middleware/fate-error-handler.js';
import { matchRoute } from './middleware/match-route.js';
import { normalizeRequest } from './middleware/normalize-request.js';
import { functionOption, validateOptions } from './middleware/options.js';
import { parseRequest } from './middleware/parse-request.js';
import type { Route } from './route.js';

export interface CreateApiHandlerOptions<Services> {
  readonly routes: readonly Route<Services>[];
  /**
   * The composition root: stores, clients, clock. Called on the first request and reused by the
   * warm container (a rejected promise is retried on the next request).
   */
  readonly services: () => Services | Promise<Services>;
  readonly auth: AuthOptions;
  /** @default 10 MiB */
  readonly maxBodyBytes?: number;
  /** @default new Logger({ serviceName: 'fate-flow-api' }) */
  readonly logger?: Logger;
}

/** A middy handler; callable as an `APIGatewayProxyHandlerV2`, by Lambda or the local server. */
export type ApiHandler<Services> = MiddyfiedHandler<
  ApiEvent<Services>,
  APIGatewayProxyStructuredResultV2,
  Error,
  Context
>;

const schema = z.strictObject({
  routes: z.array(z.unknown()),
  services: functionOption('services'),
  auth: z.object({}).loose(),
  maxBodyBytes: z.number().optional(),
  logger: z.instanceof(Logger).optional(),
});

export function createApiHandler<Services>(options: CreateApiHandlerOptions<Services>): ApiHandler<Services> {
  validateOptions('createApiHandler', schema, options);
  const logger = options.logger ?? new Logger({ serviceName: 'fate-flow-api' });
  const services = reuse(options.services);

  return (
    middy<ApiEvent<Services>, APIGatewayProxyStructuredResultV2, Error, Context>()
      // Order matters. `before`s run top to bottom; `onError`s bottom to top, so the first two
      // wrap everything below them.
      // 1. Request id and function name on every log line, including the error handler's.
      .use(injectLambdaContext(logger))
      // 2. Any error below (a middleware's or a route's) becomes FATE's envelope here.
      .use(fateErrorHandler({ logger }))
      // 3. Lower-case header names, undo base64, refuse an oversized body before anything reads it.
      .use(normalizeRequest({ maxBodyBytes: options.maxBodyBytes }))
      // 4. Authenticate before routing, so an unauthenticated caller cannot map the routes; a
      //    refusal's reason goes to this log, not to the caller.
      .use(authenticate(options.auth, { logger }))
      // 5. Find the route: 404 / 405.
      .use(matchRoute({ routes: options.routes }))
      // 6. Parse last: only a known route's body, in the content types that route takes.
      .use(parseRequest())
      .handler(async (event) => {
        const state = event[apiState];
        if (state?.route === undefined || state.request === undefined) {
          throw new ServerError('route handler reached without a parsed request');
        }
        return toHttpResponse(await state.route.handler(state.request, await services()));
      })
  );
}

function reuse<Services>(factory: () => Services | Promise<Services>): () => Promise<Services> {
  let pending: Promise<Services> | undefined;
  return () => {
    pending ??= Promise.resolve()
      .then(factory)
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
