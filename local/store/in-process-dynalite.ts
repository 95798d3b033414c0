/**
 * The site's own DynamoDB client hands each request to its dynalite server in this process (as
 * the server's `request` event), instead of writing it to a socket that the same process then
 * reads back. A site runs its API, its federation receiver, its workflow and its store on one
 * thread; a store request cost ≈ 1.5 ms of that thread's CPU, ≈ 30 % of it Node's HTTP on both
 * ends and the socket writes (docs/stage-overhead.md, "The site's store requests without a
 * socket"). What the SDK does is unchanged: the same commands, serialisation, SigV4 signature
 * (dynalite checks the header) and retries; dynalite gets the same method, path, headers and body
 * and answers the same bytes. Only the transport differs — as an AWS site's Lambdas talk to
 * DynamoDB over HTTPS, the runners (other processes) still talk to this dynalite over HTTP.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** What the SDK's request handler takes and gives (`@smithy/protocol-http`'s HttpRequest and HttpResponse). */
interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

interface SdkResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** What serves each request: dynalite's server reads it as a stream and answers with `end`; it may throw to refuse it. */
export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

type RequestHandler = NonNullable<DynamoDBClientConfig['requestHandler']>;

/** The request as dynalite reads it: lower-case headers, the path with its query, the body as `data` then `end`. */
class ListenerRequest extends EventEmitter {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;

  constructor(request: SdkRequest) {
    super();
    this.method = request.method;
    this.url = request.path + queryString(request.query);
    this.headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
  }
}

/** The answer as dynalite writes it: a status, headers set one by one, the body given to `end`. */
class ListenerResponse {
  statusCode = 200;
  /** dynalite keeps the request's content type here for its answer's header. */
  contentType: string | undefined;
  readonly headers: Record<string, string> = {};

  constructor(private readonly answer: (response: SdkResponse) => void) {}

  setHeader(name: string, value: string | number): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  end(body?: string | Uint8Array): this {
    const bytes = body === undefined ? new Uint8Array() : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.answer({ statusCode: this.statusCode, headers: this.headers, body: bytes });
    return this;
  }
}

function queryString(query: SdkRequest['query']): string {
  if (query === undefined) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one ?? '');
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('an in-process DynamoDB request carries its body as a string or bytes');
}

/** An SDK request handler that serves every request by `listener`, in this process. */
export function inProcessRequestHandler(listener: RequestListener): RequestHandler {
  const handle = (request: SdkRequest, options?: { abortSignal?: AbortSignal }) =>
    new Promise<{ response: SdkResponse }>((resolve, reject) => {
      if (options?.abortSignal?.aborted) {
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
        return;
      }
      const incoming = new ListenerRequest(request);
      const outgoing = new ListenerResponse((response) => resolve({ response }));
      listener(incoming as unknown as IncomingMessage, outgoing as unknown as ServerResponse);
      const body = bodyBytes(request.body);
      if (body !== undefined && body.length > 0) incoming.emit('data', body);
      incoming.emit('end');
    });
  return {
    handle,
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  } as unknown as RequestHandler;
}
