import { describe, expect, it } from '@jest/globals';
import { contentDisposition, envelopeResponse, toHttpResponse } from '../../../functions/api/http-response.js';
import { ok } from '../../../functions/api/route.js';

describe('toHttpResponse', () => {
  it('renders an envelope as JSON with HTTP 200 and drops undefined fields', () => {
    expect(toHttpResponse(ok(undefined, { retmsg: 'no data' }))).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"retcode":0,"retmsg":"no data"}',
      isBase64Encoded: false,
    });
  });

  it('renders data and jobId when present', () => {
    const result = toHttpResponse(ok({ job_id: 'j1' }, { jobId: 'j1' }));
    expect(result.body).toBe('{"retcode":0,"retmsg":"success","data":{"job_id":"j1"},"jobId":"j1"}');
  });

  it('answers a returned non-zero envelope with HTTP 200 as FATE-Flow does', () => {
    const result = toHttpResponse({ kind: 'envelope', envelope: { retcode: 10, retmsg: 'nothing changed' } });
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('{"retcode":10,"retmsg":"nothing changed"}');
  });

  it('renders a file as a base64 body with its content type and an attachment disposition', () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff]);
    expect(
      toHttpResponse({
        kind: 'file',
        contentType: 'application/x-tar',
        filename: 'job_j1_reader_0_guest_9999_output_data.tar.gz',
        body: bytes.subarray(1, 4),
      }),
    ).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/x-tar',
        'content-disposition': 'attachment; filename=job_j1_reader_0_guest_9999_output_data.tar.gz',
      },
      body: 'iwgA',
      isBase64Encoded: true,
    });
  });
});

describe('envelopeResponse', () => {
  it('adds extra headers after the content type', () => {
    expect(envelopeResponse(405, { retcode: 101, retmsg: 'no' }, { allow: 'POST' }).headers).toEqual({
      'content-type': 'application/json',
      allow: 'POST',
    });
  });
});

describe('contentDisposition', () => {
  it('quotes a name with spaces and adds an RFC 5987 form for non-ASCII', () => {
    expect(contentDisposition('résumé "v1".csv')).toBe(
      `attachment; filename="r_sum_ _v1_.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v1%22.csv`,
    );
  });

  it("leaves a token name bare, as FATE's client reads it (everything after filename=)", () => {
    expect(
      contentDisposition('guest~9999~arbiter-10000~guest-9999~host-10000~model_202612071300000000001.json.gz'),
    ).toBe('attachment; filename=guest~9999~arbiter-10000~guest-9999~host-10000~model_202612071300000000001.json.gz');
    expect(contentDisposition('a;b.txt')).toBe(`attachment; filename="a;b.txt"; filename*=UTF-8''a%3Bb.txt`);
  });

  it('cannot be broken by a line break in the name', () => {
    expect(contentDisposition('a\r\nSet-Cookie: x')).toBe(
      `attachment; filename="a__Set-Cookie: x"; filename*=UTF-8''a%0D%0ASet-Cookie%3A%20x`,
    );
  });
});
