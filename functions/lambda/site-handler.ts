import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { drainBackground } from './drain-background.js';
import { awsSite, siteBackground } from './shared-site.js';
import { type AwsSite, NO_PREPARATION, type SitePreparation } from './site-from-env.js';

export type LambdaHandler<Event, Result> = MiddyfiedHandler<Event, Result, Error, Context>;

/**
 * Every entry point's wrapping, once: the request id on every log line, and the site's background
 * work drained before the handler returns.
 */
export function lambdaHandler<Event, Result>(
  serviceName: string,
  run: (event: Event, logger: Logger) => Promise<Result>,
): LambdaHandler<Event, Result> {
  const logger = new Logger({ serviceName });
  return middy<Event, Result, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(drainBackground(siteBackground))
    .handler(async (event) => run(event, logger));
}

/**
 * A handler over this container's site (built on first use, prepared as the entry says). `run`
 * stays thin: parse, call one service, map.
 */
export function siteHandler<Event, Result>(
  serviceName: string,
  run: (site: AwsSite, event: Event, logger: Logger) => Promise<Result>,
  preparation: SitePreparation = NO_PREPARATION,
): LambdaHandler<Event, Result> {
  return lambdaHandler(serviceName, async (event: Event, logger) => run(await awsSite(preparation), event, logger));
}
