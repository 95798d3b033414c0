/**
 * What a route's result and an error look like on the wire: FATE's JSON envelope, or a file as a
 * base64 body (API Gateway's way of carrying binary), each as an API Gateway v2 structured result.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiResult, Envelope } from './route.js';

/** A FATE envelope; `data`, `jobId` and `meta` are left out when undefined, as FATE-Flow drops None fields. */
export function envelopeResponse(
  statusCode: number,
  envelope: Envelope,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyStructuredResultV2 {
  const { retcode, retmsg, data, jobId, meta } = envelope;
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ retcode, retmsg, data, jobId, meta }),
    isBase64Encoded: false,
  };
}

/**
 * A route's result. Envelopes a handler returns are HTTP 200 whatever their retcode, as FATE-Flow
 * answers; failures are thrown and rendered by the error handler instead.
 */
export function toHttpResponse(result: ApiResult): APIGatewayProxyStructuredResultV2 {
  if (result.kind === 'envelope') return envelopeResponse(200, result.envelope);
  return {
    statusCode: 200,
    headers: {
      'content-type': result.contentType,
      'content-disposition': contentDisposition(result.filename),
    },
    body: Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * `attachment; filename=job_…_output_data.tar.gz` exactly as FATE-Flow sends it when the name is a
 * plain token (RFC 7230's token characters, so a model archive's `guest~9999~…` stays bare: FATE's
 * client takes everything after `filename=` as the name); otherwise a quoted ASCII fallback plus RFC 5987 `filename*`, so no name can break
 * the header (quotes, CR/LF) or lose its non-ASCII characters.
 */
export function contentDisposition(filename: string): string {
  if (/^[\w.~#$&+^`|!-]+$/.test(filename)) return `attachment; filename=${filename}`;
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
