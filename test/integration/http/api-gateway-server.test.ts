import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { type ApiServer, startApiServer } from '../../../local/http/api-gateway-server.js';
import { sendRaw } from './support/fate-client.js';

/** A handler that records what it was called with and answers what the test set. */
function recordingHandler() {
  const calls: { event: APIGatewayProxyEventV2; context: Context }[] = [];
  let answer: () => APIGatewayProxyResultV2 = () => ({ statusCode: 204 });
  const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
    calls.push({ event, context });
    return answer();
  };
  return {
    handler,
    calls,
    answerWith: (next: () => APIGatewayProxyResultV2) => {
      answer = next;
    },
    last: () => {
      const call = calls.at(-1);
      if (call === undefined) throw new Error('the handler was not called');
      return call;
    },
  };
}

describe('startApiServer', () => {
  const recorder = recordingHandler();
  const onHandlerError = jest.fn();
  let server: ApiServer;

  beforeAll(async () => {
    server = await startApiServer({ handler: recorder.handler, maxBodyBytes: 1024, onHandlerError });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('turns a request into an API Gateway payload v2 event', async () => {
    const body = Buffer.from('{"a": "ré"}');
    const head =
      'POST /v1/job/query?role=guest&role=host&x=%20y HTTP/1.1\r\n' +
      `Host: 127.0.0.1:${server.port}\r\n` +
      'Content-Type: application/json\r\n' +
      'X-Repeat: a\r\nx-repeat: b\r\n' +
      'Cookie: session=abc; theme=dark\r\n' +
      'User-Agent: python-urllib3/1.26.18\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const raw = Buffer.concat([Buffer.from(head), body]);
    const response = await sendRaw(server.port, raw);
    expect(response.status).toBe(204);
    const { event, context } = recorder.last();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/job/query',
      rawQueryString: 'role=guest&role=host&x=%20y',
      cookies: ['session=abc', 'theme=dark'],
      headers: {
        host: `127.0.0.1:${server.port}`,
        'content-type': 'application/json',
        'x-repeat': 'a,b',
        'user-agent': 'python-urllib3/1.26.18',
        'content-length': String(body.length),
      },
      queryStringParameters: { role: 'guest,host', x: ' y' },
      requestContext: {
        http: {
          method: 'POST',
          path: '/v1/job/query',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'python-urllib3/1.26.18',
        },
        routeKey: '$default',
        stage: '$default',
      },
      body: '{"a": "ré"}',
      isBase64Encoded: false,
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(25_000);
  });

  it('sends a binary body base64-encoded', async () => {
    const bytes = Buffer.from([0x1f, 0x8b, 0x00, 0xff, 0xe9]);
    await fetch(`${server.url}/v1/bin`, {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/json' },
    });
    expect(recorder.last().event).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('sends multipart base64-encoded even when it is valid UTF-8', async () => {
    await fetch(`${server.url}/v1/form`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(recorder.last().event).toMatchObject({ body: 'eA==', isBase64Encoded: true });
  });

  it('leaves out the body and query parameters when there are none', async () => {
    await fetch(`${server.url}/v1/ping`);
    const { event } = recorder.last();
    expect(event.body).toBeUndefined();
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.rawQueryString).toBe('');
  });

  it('writes a structured result, decoding a base64 body and setting cookies', async () => {
    recorder.answerWith(() => ({
      statusCode: 201,
      headers: { 'Content-Type': 'application/octet-stream', 'x-count': 3 },
      cookies: ['a=1', 'b=2; HttpOnly'],
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    }));
    const response = await fetch(`${server.url}/v1/file`);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2; HttpOnly']);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('answers a result without a status code as a JSON 200, as API Gateway infers', async () => {
    recorder.answerWith(() => 'hello');
    const response = await fetch(`${server.url}/v1/text`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('hello');
  });

  it("answers a handler's crash with API Gateway's bare 500", async () => {
    const crash = new Error('boom');
    recorder.answerWith(() => {
      throw crash;
    });
    const response = await fetch(`${server.url}/v1/crash`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(onHandlerError).toHaveBeenCalledWith(crash);
  });

  it("refuses a body over API Gateway's limit with 413 without calling the handler", async () => {
    recorder.answerWith(() => ({ statusCode: 204 }));
    const before = recorder.calls.length;
    const response = await fetch(`${server.url}/v1/big`, { method: 'POST', body: Buffer.alloc(2048) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(recorder.calls.length).toBe(before);
  });

  it('counts a chunked body against the limit too', async () => {
    const before = recorder.calls.length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/v1/chunked`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(Buffer.alloc(800));
      req.end(Buffer.alloc(800));
    });
    expect(status).toBe(413);
    expect(recorder.calls.length).toBe(before);
  });
});

describe('startApiServer lifecycle', () => {
  it('closes even with a keep-alive connection open', async () => {
    const server = await startApiServer({ handler: async () => ({ statusCode: 204 }) });
    const response = await fetch(`${server.url}/v1/ping`);
    expect(response.status).toBe(204);
    await server.close();
    await expect(fetch(`${server.url}/v1/ping`)).rejects.toThrow('fetch failed');
  });
});
