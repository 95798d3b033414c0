import { gzipSync } from 'node:zlib';
import { type ApiRequest, ok, type Route } from '../../../../functions/api/route.js';
import { ArgumentError, ServerError } from '../../../../functions/domain/errors.js';

export interface TestServices {
  readonly site: string;
}

/** What the echo routes answer: the ApiRequest as the handler saw it, files summarised. */
export function echo(request: ApiRequest) {
  return {
    method: request.method,
    path: request.path,
    body: request.body,
    query: request.query,
    caller: request.caller,
    contentType: request.headers['content-type'],
    files: request.files.map((file) => ({
      field: file.field,
      filename: file.filename,
      contentType: file.contentType,
      base64: Buffer.from(file.content).toString('base64'),
    })),
  };
}

/** Routes on FATE's own paths (so requests look exactly like `flow`'s) plus a few that fail. */
export const testRoutes: readonly Route<TestServices>[] = [
  { method: 'POST', path: '/v1/test/echo', handler: async (request) => ok(echo(request)) },
  { method: 'GET', path: '/v1/test/echo', handler: async (request) => ok(echo(request)) },
  { method: 'POST', path: '/v1/job/query', handler: async (request) => ok(echo(request)) },
  {
    method: 'POST',
    path: '/v1/job/submit',
    handler: async (request, services) =>
      ok({ ...echo(request), site: services.site }, { jobId: '202611271544180123450' }),
  },
  { method: 'POST', path: '/v1/data/upload', multipart: true, handler: async (request) => ok(echo(request)) },
  {
    method: 'GET',
    path: '/v1/tracking/component/output/data/download',
    // The archive carries the request body back, so a test can see what arrived.
    handler: async (request) => ({
      kind: 'file',
      contentType: 'application/x-tar',
      filename: 'job_202611271544180123450_hetero_lr_0_guest_9999_output_data.tar.gz',
      body: gzipSync(JSON.stringify(request.body)),
    }),
  },
  {
    method: 'POST',
    path: '/v1/test/argument-error',
    handler: async () => {
      throw new ArgumentError('job_id is required and must be a string');
    },
  },
  {
    method: 'POST',
    path: '/v1/test/server-error',
    handler: async () => {
      throw new ServerError('dynamodb table fate-jobs is missing');
    },
  },
  {
    method: 'POST',
    path: '/v1/test/crash',
    handler: async () => {
      throw new Error('connection string postgres://admin:hunter2@db leaked');
    },
  },
];
