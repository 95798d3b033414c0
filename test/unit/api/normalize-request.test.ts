import { describe, expect, it } from '@jest/globals';
import { apiState } from '../../../functions/api/api-event.js';
import { PayloadTooLargeError, UriTooLongError } from '../../../functions/api/http-errors.js';
import { MAX_QUERY_STRING_BYTES } from '../../../functions/api/limits.js';
import { DEFAULT_MAX_BODY_BYTES, normalizeRequest } from '../../../functions/api/middleware/normalize-request.js';
import { apiEvent, middyRequest } from './support/api-events.js';

async function normalize(event: ReturnType<typeof apiEvent>, maxBodyBytes?: number) {
  const request = middyRequest(event);
  await normalizeRequest(maxBodyBytes === undefined ? {} : { maxBodyBytes }).before?.(request);
  return request.event;
}

describe('normalizeRequest', () => {
  it('lower-cases header names and joins two spellings of one header', async () => {
    const event = await normalize(
      apiEvent({ headers: { 'Content-Type': 'application/json', APP_KEY: 'k', 'X-Trace': 'a', 'x-trace': 'b' } }),
    );
    expect(event.headers).toEqual({ 'content-type': 'application/json', app_key: 'k', 'x-trace': 'a,b' });
  });

  it('decodes a base64 body to its bytes', async () => {
    const bytes = Buffer.from([0x00, 0xe9, 0xff, 0x0a]);
    const event = await normalize(apiEvent({ body: bytes }));
    expect(event[apiState]?.rawBody).toEqual(bytes);
  });

  it('keeps a text body as its UTF-8 bytes', async () => {
    const event = await normalize(apiEvent({ body: '{"name": "ré"}' }));
    expect(event[apiState]?.rawBody).toEqual(Buffer.from('{"name": "ré"}', 'utf8'));
  });

  it('gives an empty buffer when there is no body', async () => {
    const event = await normalize(apiEvent());
    expect(event[apiState]?.rawBody).toEqual(Buffer.alloc(0));
  });

  it('accepts a body exactly at the limit', async () => {
    const event = await normalize(apiEvent({ body: Buffer.alloc(1024) }), 1024);
    expect(event[apiState]?.rawBody.length).toBe(1024);
  });

  it('refuses a body over the limit with 413 and retcode 101 naming the limit', async () => {
    const attempt = normalize(apiEvent({ body: Buffer.alloc(1025) }), 1024);
    await expect(attempt).rejects.toThrow(PayloadTooLargeError);
    await expect(attempt).rejects.toMatchObject({
      statusCode: 413,
      retcode: 101,
      message: 'request body is 1025 bytes, over the limit of 1024 bytes (1 KiB)',
    });
  });

  it('takes a query string of 10,240 bytes, as API Gateway does', async () => {
    const event = await normalize(apiEvent({ query: 'q'.repeat(MAX_QUERY_STRING_BYTES) }));
    expect(event.rawQueryString).toHaveLength(MAX_QUERY_STRING_BYTES);
  });

  it('refuses a longer query string with 414 and retcode 101 naming the limit', async () => {
    const request = middyRequest(apiEvent({ query: `q=${'é'.repeat(MAX_QUERY_STRING_BYTES / 2)}` }));
    let error: unknown;
    try {
      await normalizeRequest().before?.(request);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UriTooLongError);
    expect(error).toMatchObject({
      statusCode: 414,
      retcode: 101,
      message: `query string is ${MAX_QUERY_STRING_BYTES + 2} bytes, over the limit of ${MAX_QUERY_STRING_BYTES} bytes`,
    });
  });

  it('defaults the limit to 10 MiB', () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(10_485_760);
  });

  it('fails loudly on a misspelt option', () => {
    expect(() => normalizeRequest({ maxBodyByte: 5 } as never)).toThrow(/normalizeRequest: invalid options/);
  });

  it('fails loudly on a limit that is not a positive integer', () => {
    expect(() => normalizeRequest({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });
});
