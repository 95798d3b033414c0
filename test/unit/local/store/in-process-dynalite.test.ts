import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { inProcessRequestHandler, type RequestListener } from '../../../../local/store/in-process-dynalite.js';

interface Heard {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A listener that answers as dynalite does (headers set one by one, then `end`) and keeps what it read. */
function echoListener(heard: Heard[]): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      heard.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers as Record<string, string>,
        body,
      });
      response.statusCode = 400;
      response.setHeader('Content-Length', 2);
      response.setHeader('X-Amz-Crc32', 12);
      response.end('{}');
    });
  };
}

type Handle = (request: unknown, options?: { abortSignal?: AbortSignal }) => Promise<{ response: unknown }>;
const handleOf = (listener: RequestListener) =>
  (inProcessRequestHandler(listener) as unknown as { handle: Handle }).handle;

describe('inProcessRequestHandler', () => {
  it("gives the listener the SDK's request as a server would read it, and the SDK its answer", async () => {
    const heard: Heard[] = [];
    const { response } = await handleOf(echoListener(heard))({
      method: 'POST',
      path: '/',
      query: { a: '1', list: ['x', 'y'], empty: null },
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' },
      body: '{"TableName":"t"}',
    });
    expect(heard).toEqual([
      {
        method: 'POST',
        url: '/?a=1&list=x&list=y&empty=',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
        body: '{"TableName":"t"}',
      },
    ]);
    expect(response).toEqual({
      statusCode: 400,
      headers: { 'content-length': '2', 'x-amz-crc32': '12' },
      body: Buffer.from('{}'),
    });
  });

  it('passes a body given as bytes, and a path without a query as it is', async () => {
    const heard: Heard[] = [];
    await handleOf(echoListener(heard))({
      method: 'POST',
      path: '/',
      headers: {},
      body: new TextEncoder().encode('{"x":1}'),
    });
    expect(heard[0]).toMatchObject({ url: '/', body: '{"x":1}' });
  });

  it('does not call the listener for an aborted request', async () => {
    const heard: Heard[] = [];
    const controller = new AbortController();
    controller.abort();
    await expect(
      handleOf(echoListener(heard))({ method: 'POST', path: '/', headers: {} }, { abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(heard).toEqual([]);
  });

  it("fails the request with the listener's own error", async () => {
    const failing: RequestListener = (request) => {
      request.on('end', () => {
        throw new Error('store closed');
      });
    };
    await expect(handleOf(failing)({ method: 'POST', path: '/', headers: {}, body: '{}' })).rejects.toThrow(
      'store closed',
    );
  });
});
