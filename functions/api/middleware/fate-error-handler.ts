/**
 * Renders every failure as FATE's envelope. An AppError keeps its HTTP status and retcode, and its
 * message when `expose`; a 5xx one is also logged. Anything else is a fault of ours: logged in
 * full, answered with a generic 500 so no internals leak. Domain code never sees HTTP; this is where retcodes meet it.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import { isAppError, RetCode } from '../../domain/errors.js';
import { HttpLayerError } from '../http-errors.js';
import { envelopeResponse } from '../http-response.js';
import { validateOptions } from './options.js';

/** The part of Powertools' Logger this middleware uses. */
export interface ErrorLogger {
  error(message: string, error: Error): void;
}

export interface FateErrorHandlerOptions {
  readonly logger: ErrorLogger;
}

const schema = z.strictObject({
  logger: z.custom<ErrorLogger>(
    (value) => typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'function',
    { message: 'logger must have an error(message, error) method' },
  ),
});

export function fateErrorHandler(
  options: FateErrorHandlerOptions,
): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2, Error, Context> {
  const { logger } = validateOptions('fateErrorHandler', schema, options);
  return {
    onError: (request) => {
      const error: unknown = request.error;
      if (isAppError(error)) {
        // A 5xx is ours or a peer's fault even when its message may be shown (a federated failure).
        if (error.statusCode >= 500 || !error.expose) logger.error('request failed', error);
        const headers = error instanceof HttpLayerError ? error.responseHeaders : {};
        request.response = envelopeResponse(error.statusCode, error.toEnvelope(), headers);
        return;
      }
      logger.error('unhandled error', error instanceof Error ? error : new Error(String(error)));
      request.response = envelopeResponse(500, { retcode: RetCode.SERVER_ERROR, retmsg: 'internal server error' });
    },
  };
}
