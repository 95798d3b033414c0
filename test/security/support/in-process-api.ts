import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext } from '../../../local/http/lambda-context.js';
import type { LocalSite } from '../../../local/site/local-site.js';
import { TEST_TOKEN } from '../../support/local-federation.js';
import { apiEvent } from '../../unit/api/support/api-events.js';

/** What a site's user API answered: the HTTP status and FATE's envelope (retcode 0 for a file). */
export interface ApiAnswer {
  readonly status: number;
  readonly retcode: number;
  readonly retmsg: string;
}

export interface ApiCall {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  /** Sent as it is: a string as text, a Buffer base64-encoded as API Gateway sends binary. */
  readonly body?: string | Buffer;
  /** The raw query string. */
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Calls a site's user API handler in this process, as API Gateway would (payload v2 event, bearer
 * token, JSON unless the call says otherwise), without HTTP in between.
 */
export async function callApi(site: LocalSite, call: ApiCall): Promise<ApiAnswer> {
  const event = apiEvent({
    method: call.method ?? 'POST',
    path: call.path,
    query: call.query ?? '',
    headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', ...call.headers },
    ...(call.body === undefined ? {} : { body: call.body }),
  });
  const result = (await site.handlers.api(event, lambdaContext('fate-flow-api-test', 30_000))) as
    | APIGatewayProxyStructuredResultV2
    | undefined;
  const status = result?.statusCode ?? 0;
  const type = String(result?.headers?.['content-type'] ?? '');
  if (!type.startsWith('application/json')) return { status, retcode: 0, retmsg: `a ${type} file` };
  const envelope = JSON.parse(result?.body ?? '{}') as { retcode?: unknown; retmsg?: unknown };
  return { status, retcode: Number(envelope.retcode), retmsg: String(envelope.retmsg) };
}

/** FATE's upload: the conf as the whole query string, the table as the multipart `file` part. */
export function uploadCall(conf: unknown, csv: string | Buffer): ApiCall {
  const boundary = 'fate-flow-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="table.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    path: '/v1/data/upload',
    query: encodeURIComponent(JSON.stringify(conf)),
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
