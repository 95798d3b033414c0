import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { drainBackground } from './drain-background.js';
import { backgroundOf, type ContainerSite } from './shared-site.js';

export type LambdaHandler<Event, Result> = MiddyfiedHandler<Event, Result, Error, Context>;

/**
 * Every entry point's wrapping, once: the request id on every log line, and the background work of
 * the entry's site (when it has some) drained before the handler returns.
 */
export function lambdaHandler<Event, Result>(
  serviceName: string,
  site: ContainerSite<unknown>,
  run: (event: Event, logger: Logger) => Promise<Result>,
): LambdaHandler<Event, Result> {
  const logger = new Logger({ serviceName });
  return middy<Event, Result, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(drainBackground(() => backgroundOf(site.built())))
    .handler(async (event) => run(event, logger));
}

/**
 * A handler over this container's site for the entry (built on first use). `run` stays thin:
 * parse, call one service, map.
 */
export function siteHandler<Site, Event, Result>(
  serviceName: string,
  site: ContainerSite<Site>,
  run: (site: Site, event: Event, logger: Logger) => Promise<Result>,
): LambdaHandler<Event, Result> {
  return lambdaHandler(serviceName, site, async (event: Event, logger) => run(await site(), event, logger));
}
