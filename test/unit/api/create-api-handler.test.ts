import { gunzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, jest } from '@jest/globals';
import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { type CreateApiHandlerOptions, createApiHandler } from '../../../functions/api/create-api-handler.js';
import { apiEvent, type EventSpec, jsonBody, testContext } from './support/api-events.js';
import { type TestServices, testRoutes } from './support/test-routes.js';

const TOKEN = 'tok-3f9a1c2e7b6d4e0f8a1b2c3d4e5f6071';
const bearer = { authorization: `Bearer ${TOKEN}` };
const json = { ...bearer, 'content-type': 'application/json' };

function stack(overrides: Partial<CreateApiHandlerOptions<TestServices>> = {}) {
  const logger = new Logger({ serviceName: 'fate-flow-api-test', logLevel: 'SILENT' });
  const logged = jest.spyOn(logger, 'error');
  const handler = createApiHandler<TestServices>({
    routes: testRoutes,
    services: () => ({ site: 'guest-9999' }),
    auth: { bearerTokens: [TOKEN], appKeys: {} },
    logger,
    ...overrides,
  });
  const call = (spec: EventSpec) => handler(apiEvent(spec), testContext());
  return { handler, call, logged };
}

describe('createApiHandler', () => {
  it('is a Lambda handler for API Gateway HTTP API events', () => {
    const handler: APIGatewayProxyHandlerV2 = stack().handler;
    expect(typeof handler).toBe('function');
  });

  it('hands the route the parsed request and renders its envelope', async () => {
    const response = await stack().call({
      path: '/v1/test/echo',
      query: 'verbose=1',
      headers: { ...json, 'User-Agent': 'python-urllib3/1.26.18' },
      body: '{"job_id": "202611271544180123450", "party_id": "9999"}',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(jsonBody(response)).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: {
        method: 'POST',
        path: '/v1/test/echo',
        body: { job_id: '202611271544180123450', party_id: '9999' },
        query: { verbose: '1' },
        caller: { kind: 'bearer' },
        contentType: 'application/json',
        files: [],
      },
    });
  });

  it('passes the services and a jobId through', async () => {
    const response = await stack().call({ path: '/v1/job/submit', headers: json, body: '{}' });
    expect(jsonBody(response)).toMatchObject({
      retcode: 0,
      data: { site: 'guest-9999' },
      jobId: '202611271544180123450',
    });
  });

  it('builds the services once and reuses them', async () => {
    const services = jest.fn(async () => ({ site: 'guest-9999' }));
    const { call } = stack({ services });
    await call({ path: '/v1/job/submit', headers: json, body: '{}' });
    await call({ path: '/v1/job/submit', headers: json, body: '{}' });
    expect(services).toHaveBeenCalledTimes(1);
  });

  it('retries building the services after a failure', async () => {
    const services = jest
      .fn<() => Promise<TestServices>>()
      .mockRejectedValueOnce(new Error('TABLE_NAME is not set'))
      .mockResolvedValue({ site: 'guest-9999' });
    const { call, logged } = stack({ services });
    const first = await call({ path: '/v1/job/submit', headers: json, body: '{}' });
    const second = await call({ path: '/v1/job/submit', headers: json, body: '{}' });
    expect([first.statusCode, second.statusCode]).toEqual([500, 200]);
    expect(logged).toHaveBeenCalledWith('unhandled error', new Error('TABLE_NAME is not set'));
  });

  it('sends a file result as base64 with its headers', async () => {
    const response = await stack().call({
      method: 'GET',
      path: '/v1/tracking/component/output/data/download',
      headers: json,
      body: '{"job_id": "j", "limit": -1}',
    });
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(response.headers).toEqual({
      'content-type': 'application/x-tar',
      'content-disposition': 'attachment; filename=job_202611271544180123450_hetero_lr_0_guest_9999_output_data.tar.gz',
    });
    expect(JSON.parse(gunzipSync(Buffer.from(response.body ?? '', 'base64')).toString())).toEqual({
      job_id: 'j',
      limit: -1,
    });
  });

  it("renders a route's ArgumentError as 400 with retcode 101 and its message", async () => {
    const response = await stack().call({ path: '/v1/test/argument-error', headers: json, body: '{}' });
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response)).toEqual({ retcode: 101, retmsg: 'job_id is required and must be a string' });
  });

  it('answers a plain Error with a generic 500 and logs it without leaking it', async () => {
    const { call, logged } = stack();
    const response = await call({ path: '/v1/test/crash', headers: json, body: '{}' });
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"retcode":500,"retmsg":"internal server error"}');
    expect(logged).toHaveBeenCalledWith(
      'unhandled error',
      new Error('connection string postgres://admin:hunter2@db leaked'),
    );
  });

  it('hides and logs a server-side AppError', async () => {
    const { call, logged } = stack();
    const response = await call({ path: '/v1/test/server-error', headers: json, body: '{}' });
    expect(response.body).toBe('{"retcode":500,"retmsg":"internal server error"}');
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('authenticates before routing, so an unknown path without credentials is 401', async () => {
    const response = await stack().call({ path: '/v1/x' });
    expect(response.statusCode).toBe(401);
    expect(jsonBody(response)).toMatchObject({ retcode: 109 });
  });

  it('answers an unknown route with 404 once authenticated', async () => {
    const response = await stack().call({ path: '/v1/x', headers: bearer });
    expect(response.statusCode).toBe(404);
    expect(jsonBody(response)).toEqual({ retcode: 101, retmsg: 'no such route: POST /v1/x' });
  });

  it('answers the wrong method with 405 and Allow', async () => {
    const response = await stack().call({ method: 'GET', path: '/v1/job/submit', headers: bearer });
    expect(response.statusCode).toBe(405);
    expect(response.headers).toEqual({ 'content-type': 'application/json', allow: 'POST' });
    expect(jsonBody(response)).toEqual({
      retcode: 101,
      retmsg: 'method GET is not allowed for /v1/job/submit; use POST',
    });
  });

  it('refuses an oversized body before authenticating it', async () => {
    const response = await stack({ maxBodyBytes: 16 }).call({ path: '/v1/x', body: '{"padding": "0123456789"}' });
    expect(response.statusCode).toBe(413);
    expect(jsonBody(response)).toEqual({
      retcode: 101,
      retmsg: 'request body is 25 bytes, over the limit of 16 bytes',
    });
  });

  it('answers malformed JSON with 400 and the parser message', async () => {
    const response = await stack().call({ path: '/v1/test/echo', headers: json, body: '{job_id: 1}' });
    expect(response.statusCode).toBe(400);
    expect(jsonBody(response)).toEqual({
      retcode: 101,
      retmsg: "request body is not valid JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
    });
  });

  it('fails at construction on a misspelt option', () => {
    expect(() => stack({ maxBodySize: 5 } as never)).toThrow(/createApiHandler: invalid options/);
  });

  it('fails at construction on bad auth options', () => {
    expect(() => stack({ auth: { bearerTokens: [], appKeys: {} } })).toThrow(/nobody could call/);
  });
});
