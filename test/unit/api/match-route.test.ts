import { describe, expect, it } from '@jest/globals';
import { apiState } from '../../../functions/api/api-event.js';
import { MethodNotAllowedError } from '../../../functions/api/http-errors.js';
import { matchRoute } from '../../../functions/api/middleware/match-route.js';
import { normalizeRequest } from '../../../functions/api/middleware/normalize-request.js';
import { ok, type Route } from '../../../functions/api/route.js';
import { NotFoundError } from '../../../functions/domain/errors.js';
import { apiEvent, type EventSpec, middyRequest } from './support/api-events.js';

const submit: Route<null> = { method: 'POST', path: '/v1/job/submit', handler: async () => ok() };
const download: Route<null> = { method: 'GET', path: '/v1/table/download', handler: async () => ok() };
const downloadPost: Route<null> = { method: 'POST', path: '/v1/table/download', handler: async () => ok() };
const middleware = matchRoute({ routes: [submit, download, downloadPost] });

async function route(spec: EventSpec) {
  const request = middyRequest<null>(apiEvent(spec));
  await normalizeRequest<null>().before?.(request);
  await middleware.before?.(request);
  return request.event[apiState]?.route;
}

describe('matchRoute', () => {
  it('finds the route for the method and path', async () => {
    expect(await route({ method: 'POST', path: '/v1/job/submit' })).toBe(submit);
  });

  it('tells two methods on one path apart', async () => {
    expect(await route({ method: 'GET', path: '/v1/table/download' })).toBe(download);
    expect(await route({ method: 'POST', path: '/v1/table/download' })).toBe(downloadPost);
  });

  it('matches a method sent in lower case', async () => {
    expect(await route({ method: 'post', path: '/v1/job/submit' })).toBe(submit);
  });

  it('strips the stage prefix of a named stage', async () => {
    expect(await route({ method: 'POST', path: '/prod/v1/job/submit', stage: 'prod' })).toBe(submit);
  });

  it('answers an unknown path with 404 and retcode 101', async () => {
    const attempt = route({ method: 'POST', path: '/v1/x' });
    await expect(attempt).rejects.toThrow(NotFoundError);
    await expect(attempt).rejects.toMatchObject({
      statusCode: 404,
      retcode: 101,
      message: 'no such route: POST /v1/x',
    });
  });

  it('does not match a path with a trailing slash', async () => {
    await expect(route({ method: 'POST', path: '/v1/job/submit/' })).rejects.toMatchObject({
      message: 'no such route: POST /v1/job/submit/',
    });
  });

  it('answers a known path with the wrong method with 405 and the allowed methods', async () => {
    const attempt = route({ method: 'GET', path: '/v1/job/submit' });
    await expect(attempt).rejects.toThrow(MethodNotAllowedError);
    await expect(attempt).rejects.toMatchObject({
      statusCode: 405,
      retcode: 101,
      message: 'method GET is not allowed for /v1/job/submit; use POST',
      responseHeaders: { allow: 'POST' },
    });
  });

  it('refuses a route table with the same method and path twice', () => {
    expect(() => matchRoute({ routes: [submit, { ...submit }] })).toThrow(/duplicate route: POST \/v1\/job\/submit/);
  });

  it('refuses a route whose path does not start with a slash', () => {
    expect(() => matchRoute({ routes: [{ ...submit, path: 'v1/job/submit' }] })).toThrow(/path must start with "\/"/);
  });

  it('refuses a route with a method FATE does not use', () => {
    expect(() => matchRoute({ routes: [{ ...submit, method: 'PUT' } as never] })).toThrow(
      /matchRoute: invalid options/,
    );
  });
});
