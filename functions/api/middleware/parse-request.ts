/**
 * Builds the ApiRequest the route handler sees. Body by content type:
 * - JSON (or no content type): parsed, after its nesting is checked (MAX_JSON_DEPTH); FATE's client
 *   also sends a JSON body with GET;
 * - multipart/form-data, on routes that take it: files, text fields merged into the body;
 * - empty: `{}`, or the query's JSON document (FATE's data upload, see query-string.ts), which
 *   a multipart body's fields are merged over.
 * Anything else is 415.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { ArgumentError, ServerError } from '../../domain/errors.js';
import { jsonTextTooDeep } from '../../domain/json-document.js';
import { MAX_JSON_DEPTH } from '../../domain/limits.js';
import { type ApiEvent, apiState, routePath, stateOf } from '../api-event.js';
import { isJsonMediaType, mediaType } from '../content-type.js';
import { UnsupportedMediaTypeError } from '../http-errors.js';
import { parseMultipart } from '../multipart.js';
import { parseQueryString } from '../query-string.js';
import type { ApiRequest, UploadedFile } from '../route.js';

/** Takes no options: what a route accepts is on the route (`multipart`). */
export function parseRequest<Services>(): MiddlewareObj<ApiEvent<Services>, unknown, Error, Context> {
  return {
    before: async ({ event, context }) => {
      const state = stateOf(event, 'parseRequest');
      const { route, rawBody } = state;
      if (route === undefined) throw new ServerError('parseRequest ran before matchRoute');
      const query = parseQueryString(event.rawQueryString ?? '');
      const contentType = event.headers['content-type'];
      const type = mediaType(contentType);
      let body: unknown = query.document ?? {};
      let files: readonly UploadedFile[] = [];
      if (rawBody.length > 0) {
        if (type === undefined || isJsonMediaType(type)) {
          body = parseJson(rawBody);
        } else if (type === 'multipart/form-data' && route.multipart === true && contentType !== undefined) {
          const multipart = await parseMultipart(event, contentType, rawBody, context);
          body = { ...query.document, ...multipart.fields };
          files = multipart.files;
        } else {
          const accepted =
            route.multipart === true ? ['application/json', 'multipart/form-data'] : ['application/json'];
          throw new UnsupportedMediaTypeError(contentType ?? type ?? '', accepted);
        }
      }
      const request: ApiRequest = {
        method: event.requestContext.http.method.toUpperCase(),
        path: routePath(event),
        body,
        query: query.params,
        headers: definedHeaders(event.headers),
        files,
        ...(state.caller === undefined ? {} : { caller: state.caller }),
      };
      event[apiState] = { ...state, request };
    },
  };
}

function parseJson(rawBody: Buffer): unknown {
  // TextDecoder drops a byte-order mark, which JSON.parse would refuse.
  const text = new TextDecoder().decode(rawBody);
  // Checked on the text: JSON.parse builds what it reads before anyone could look at its depth.
  if (jsonTextTooDeep(text)) {
    throw new ArgumentError(
      `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArgumentError(
      `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function definedHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}
