import { describe, expect, it } from '@jest/globals';
import { apiState } from '../../../functions/api/api-event.js';
import { UnsupportedMediaTypeError } from '../../../functions/api/http-errors.js';
import { authenticate } from '../../../functions/api/middleware/authenticate.js';
import { matchRoute } from '../../../functions/api/middleware/match-route.js';
import { normalizeRequest } from '../../../functions/api/middleware/normalize-request.js';
import { parseRequest } from '../../../functions/api/middleware/parse-request.js';
import { ok, type Route } from '../../../functions/api/route.js';
import { ArgumentError } from '../../../functions/domain/errors.js';
import { apiEvent, type EventSpec, middyRequest } from './support/api-events.js';

const routes: Route<null>[] = [
  { method: 'POST', path: '/v1/job/query', handler: async () => ok() },
  { method: 'GET', path: '/v1/tracking/component/output/data/download', handler: async () => ok() },
  { method: 'POST', path: '/v1/data/upload', multipart: true, handler: async () => ok() },
];
const stack = [
  normalizeRequest<null>(),
  authenticate<null>({ mode: 'none' }),
  matchRoute({ routes }),
  parseRequest<null>(),
];

async function parsed(spec: EventSpec) {
  const request = middyRequest<null>(apiEvent({ path: '/v1/job/query', ...spec }));
  for (const middleware of stack) await middleware.before?.(request);
  return request.event[apiState]?.request;
}

async function failure(spec: EventSpec): Promise<unknown> {
  return parsed(spec).then(
    () => 'parsed',
    (error: unknown) => error,
  );
}

const json = { 'content-type': 'application/json' };

function multipart(
  boundary: string,
  parts: readonly { name: string; filename?: string; type?: string; content: Buffer | string }[],
) {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
      Buffer.from(part.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

describe('parseRequest with JSON', () => {
  it('parses a JSON body as Python json.dumps writes it, party_id staying a string', async () => {
    const body = '{"job_id": "202611271544180123450", "role": "guest", "party_id": "9999"}';
    expect(await parsed({ headers: { ...json, 'user-agent': 'python-urllib3/1.26.18' }, body })).toEqual({
      method: 'POST',
      path: '/v1/job/query',
      body: { job_id: '202611271544180123450', role: 'guest', party_id: '9999' },
      query: {},
      headers: { 'content-type': 'application/json', 'user-agent': 'python-urllib3/1.26.18' },
      files: [],
      caller: { kind: 'anonymous' },
    });
  });

  it('parses the JSON body FATE sends with a GET', async () => {
    const request = await parsed({
      method: 'GET',
      path: '/v1/tracking/component/output/data/download',
      headers: json,
      body: '{"job_id": "j", "limit": -1}',
    });
    expect(request?.body).toEqual({ job_id: 'j', limit: -1 });
  });

  it('reads charset parameters and +json types as JSON', async () => {
    expect(
      (await parsed({ headers: { 'content-type': 'Application/JSON; charset=utf-8' }, body: '{"a": 1}' }))?.body,
    ).toEqual({ a: 1 });
    expect((await parsed({ headers: { 'content-type': 'application/merge-patch+json' }, body: '[1]' }))?.body).toEqual([
      1,
    ]);
  });

  it('reads a body without a content type as JSON', async () => {
    expect((await parsed({ body: '{"job_id": "j"}' }))?.body).toEqual({ job_id: 'j' });
  });

  it('drops a byte-order mark before parsing', async () => {
    expect((await parsed({ headers: json, body: '\ufeff{"job_id": "j"}' }))?.body).toEqual({ job_id: 'j' });
  });

  it('gives {} for an empty body whatever the content type', async () => {
    expect((await parsed({ headers: { 'content-type': 'text/plain' } }))?.body).toEqual({});
  });

  it('refuses malformed JSON with 400, retcode 101 and the parser message', async () => {
    const error = await failure({ headers: json, body: '{"job_id": ' });
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      statusCode: 400,
      retcode: 101,
      message: 'request body is not valid JSON: Unexpected end of JSON input',
    });
  });

  it('refuses a body nested deeper than the limit before parsing it, with 400 and retcode 101', async () => {
    const body = `{"runtime_conf": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const error = await failure({ headers: json, body });
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      statusCode: 400,
      retcode: 101,
      message: 'request body nests objects and arrays more than 20 levels deep (the limit)',
    });
  });

  it('takes a body nested exactly to the limit', async () => {
    const body = `${'{"a":'.repeat(20)}1${'}'.repeat(20)}`;
    expect((await parsed({ headers: json, body }))?.body).toEqual(JSON.parse(body));
  });

  it('refuses a content type the route cannot read with 415 naming the type', async () => {
    const error = await failure({ headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'job_id=j' });
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(error).toMatchObject({
      statusCode: 415,
      retcode: 101,
      message: 'unsupported content type "text/plain; charset=utf-8"; send application/json',
    });
  });

  it('refuses multipart on a route that takes only JSON', async () => {
    const body = multipart('b1', [{ name: 'file', filename: 'a.csv', content: 'x' }]);
    expect(await failure({ headers: { 'content-type': 'multipart/form-data; boundary=b1' }, body })).toMatchObject({
      statusCode: 415,
      message: 'unsupported content type "multipart/form-data; boundary=b1"; send application/json',
    });
  });
});

describe('parseRequest with queries', () => {
  it('keeps key=value pairs in query', async () => {
    expect((await parsed({ query: 'limit=10&role=guest', headers: json, body: '{}' }))?.query).toEqual({
      limit: '10',
      role: 'guest',
    });
  });

  it('uses a JSON query document as the body when there is no body', async () => {
    const request = await parsed({ path: '/v1/data/upload', query: '%7B%22namespace%22:%20%22experiment%22%7D' });
    expect(request?.body).toEqual({ namespace: 'experiment' });
    expect(request?.query).toEqual({});
  });

  it('prefers a JSON body over a JSON query document', async () => {
    const request = await parsed({ query: '%7B%22a%22:%201%7D', headers: json, body: '{"b": 2}' });
    expect(request?.body).toEqual({ b: 2 });
  });
});

describe('parseRequest with multipart', () => {
  const csv = Buffer.concat([Buffer.from('id,y,x0\r\n1,0,caf'), Buffer.from([0xe9]), Buffer.from('\r\n')]);

  it("reads FATE's upload: the file part and the conf from the query", async () => {
    const boundary = '2319a9f4de2d460d5782e1bdfd598a02';
    const request = await parsed({
      path: '/v1/data/upload',
      query: '%7B%22namespace%22:%20%22experiment%22,%20%22table_name%22:%20%22breast%22,%20%22head%22:%201%7D',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart(boundary, [
        { name: 'file', filename: 'breast_hetero_guest.csv', type: 'application/octet-stream', content: csv },
      ]),
    });
    expect(request?.body).toEqual({ namespace: 'experiment', table_name: 'breast', head: 1 });
    expect(request?.files).toEqual([
      { field: 'file', filename: 'breast_hetero_guest.csv', contentType: 'application/octet-stream', content: csv },
    ]);
  });

  it('merges text fields over the query document and keeps files in the order sent', async () => {
    const request = await parsed({
      path: '/v1/data/upload',
      query: '%7B%22namespace%22:%20%22q%22,%20%22head%22:%201%7D',
      headers: { 'content-type': 'multipart/form-data; boundary="a.b"' },
      body: multipart('a.b', [
        { name: 'namespace', content: 'from-field' },
        { name: 'file', filename: 'first.csv', type: 'text/csv', content: '1' },
        { name: 'file', filename: 'second.csv', type: 'text/csv', content: '2' },
        { name: 'model', filename: 'ré.zip', type: 'application/zip', content: Buffer.from([0, 1]) },
      ]),
    });
    expect(request?.body).toEqual({ namespace: 'from-field', head: 1 });
    expect(
      request?.files.map((file) => [file.field, file.filename, Buffer.from(file.content).toString('hex')]),
    ).toEqual([
      ['file', 'first.csv', '31'],
      ['file', 'second.csv', '32'],
      ['model', 'ré.zip', '0001'],
    ]);
  });

  it('refuses a truncated multipart body with 400 and retcode 101', async () => {
    const body = multipart('b1', [{ name: 'file', filename: 'a.csv', content: 'x' }]).subarray(0, 60);
    expect(
      await failure({ path: '/v1/data/upload', headers: { 'content-type': 'multipart/form-data; boundary=b1' }, body }),
    ).toMatchObject({
      statusCode: 400,
      retcode: 101,
      message: 'multipart/form-data body is malformed: Unexpected end of multipart data',
    });
  });

  it('refuses a multipart content type without a boundary', async () => {
    expect(
      await failure({ path: '/v1/data/upload', headers: { 'content-type': 'multipart/form-data' }, body: 'x' }),
    ).toMatchObject({
      statusCode: 400,
      message: 'multipart/form-data body is malformed: Multipart: Boundary not found',
    });
  });

  it('names both accepted types when a multipart route gets something else', async () => {
    expect(
      await failure({ path: '/v1/data/upload', headers: { 'content-type': 'text/csv' }, body: 'a,b' }),
    ).toMatchObject({
      message: 'unsupported content type "text/csv"; send application/json or multipart/form-data',
    });
  });
});
