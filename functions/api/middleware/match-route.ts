/**
 * Exact method + path routing over the route table. FATE-Flow's paths have no parameters in the
 * client API, so a map lookup is all it takes. Unknown path → 404, known path with another
 * method → 405 with `Allow`; both retcode 101 as FATE-Flow answers a bad request.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { type ApiEvent, apiState, routePath, stateOf } from '../api-event.js';
import { MethodNotAllowedError } from '../http-errors.js';
import type { Route } from '../route.js';
import { functionOption, validateOptions } from './options.js';

export interface MatchRouteOptions<Services> {
  readonly routes: readonly Route<Services>[];
}

const routeSchema = z.strictObject({
  method: z.enum(['GET', 'POST']),
  path: z.string().regex(/^\/\S*$/, 'path must start with "/" and hold no spaces'),
  handler: functionOption('handler'),
  multipart: z.boolean().optional(),
});

const schema = z.strictObject({
  routes: z.array(routeSchema).superRefine((routes, ctx) => {
    const seen = new Set<string>();
    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate route: ${key}` });
      seen.add(key);
    }
  }),
});

export function matchRoute<Services>(
  options: MatchRouteOptions<Services>,
): MiddlewareObj<ApiEvent<Services>, unknown, Error, Context> {
  validateOptions('matchRoute', schema, options);
  const table = new Map<string, Map<string, Route<Services>>>();
  for (const route of options.routes) {
    const byMethod = table.get(route.path) ?? new Map<string, Route<Services>>();
    byMethod.set(route.method, route);
    table.set(route.path, byMethod);
  }
  return {
    before: ({ event }) => {
      const state = stateOf(event, 'matchRoute');
      const method = event.requestContext.http.method.toUpperCase();
      const path = routePath(event);
      const byMethod = table.get(path);
      if (byMethod === undefined) throw new NotFoundError(`no such route: ${method} ${path}`);
      const route = byMethod.get(method);
      if (route === undefined) throw new MethodNotAllowedError(method, path, [...byMethod.keys()]);
      event[apiState] = { ...state, route };
    },
  };
}
