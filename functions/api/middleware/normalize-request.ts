/**
 * Puts the raw event into one shape before anyone reads it: header names lower-cased (API Gateway
 * passes them as the client sent them; HTTP says case does not matter), the body as bytes with
 * base64 undone, and the size limits enforced on those bytes and on the query string.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { type ApiEvent, apiState } from '../api-event.js';
import { PayloadTooLargeError, UriTooLongError } from '../http-errors.js';
import { MAX_QUERY_STRING_BYTES } from '../limits.js';
import { validateOptions } from './options.js';

/** API Gateway's own payload limit; in Lambda the 6 MB invocation limit applies first. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface NormalizeRequestOptions {
  /** @default DEFAULT_MAX_BODY_BYTES (10 MiB) */
  readonly maxBodyBytes?: number;
}

const schema = z.strictObject({
  maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
});

export function normalizeRequest<Services>(
  options: NormalizeRequestOptions = {},
): MiddlewareObj<ApiEvent<Services>, unknown, Error, Context> {
  const { maxBodyBytes } = validateOptions('normalizeRequest', schema, options);
  return {
    before: ({ event }) => {
      event.headers = lowerCaseHeaders(event.headers ?? {});
      const rawBody = decodeBody(event.body, event.isBase64Encoded);
      if (rawBody.length > maxBodyBytes) throw new PayloadTooLargeError(rawBody.length, maxBodyBytes);
      const queryBytes = Buffer.byteLength(event.rawQueryString ?? '');
      if (queryBytes > MAX_QUERY_STRING_BYTES) throw new UriTooLongError(queryBytes, MAX_QUERY_STRING_BYTES);
      event[apiState] = { rawBody };
    },
  };
}

/** Lower-cased names; two spellings of one header are joined with a comma, as API Gateway joins repeats. */
export function lowerCaseHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const seen = out[key];
    out[key] = seen === undefined ? value : `${seen},${value}`;
  }
  return out;
}

function decodeBody(body: string | undefined, isBase64Encoded: boolean): Buffer {
  if (body === undefined || body === null || body === '') return Buffer.alloc(0);
  return Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
}
