/**
 * API Gateway HTTP API on this machine: a plain Node `http` server that turns each request into a
 * payload-v2 event, calls the SAME Lambda handler the cloud runs, and writes its result back, so
 * the local site and FATE's `flow` client exercise exactly the deployed code path.
 *
 * What it copies from API Gateway: header names lower-cased with repeats joined by commas,
 * cookies moved to `cookies`, a body that is not UTF-8 text sent base64, the 10 MiB payload
 * limit, a 30 s integration timeout (as the Lambda context's remaining time), and the answers
 * `{"message":"Internal Server Error"}` / `{"message":"Request Entity Too Large"}`.
 * With `iam`, it authorises as an IAM-authorised route does: a SigV4 signature by a known access
 * key, checked again with the SDK's signer (iam-authorizer.ts), and `requestContext.authorizer.iam`
 * on the event; run the handler with auth mode 'iam' then. With `lambdaAuthorizer`, it runs a
 * Lambda authorizer first as API Gateway does (lambda-authorizer.ts). TLS only when given a key and
 * certificate (the federation endpoint; API Gateway terminates TLS in AWS).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { type IamIdentity, type LocalIamOptions, localIamAuthorizer } from './iam-authorizer.js';
import { type LocalLambdaAuthorizerOptions, localLambdaAuthorizer } from './lambda-authorizer.js';
import { lambdaContext } from './lambda-context.js';

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2> | APIGatewayProxyResultV2;

export interface ApiServerOptions {
  readonly handler: LambdaHttpHandler;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** API Gateway's payload limit. @default 10 MiB */
  readonly maxBodyBytes?: number;
  /** API Gateway HTTP API's integration timeout. @default 30_000 */
  readonly timeoutMs?: number;
  /** @default 'fate-flow-api' */
  readonly functionName?: string;
  /** Serve HTTPS with this key and certificate (the federation endpoint); plain HTTP without. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Authorise every request as an IAM (SigV4) route does, with these principals. @default none */
  readonly iam?: LocalIamOptions;
  /** Authorise every request with this Lambda authorizer, as a route with a Lambda authorizer does. @default none */
  readonly lambdaAuthorizer?: LocalLambdaAuthorizerOptions;
  /**
   * Requests that are not API Gateway's to answer (a presigned object PUT, which S3 serves in AWS):
   * handled here when this answers a promise, passed to the Lambda handler when it answers undefined.
   */
  readonly beside?: (req: IncomingMessage, res: ServerResponse) => Promise<void> | undefined;
  /** Where a handler's crash is reported (API Gateway logs it, the caller sees a bare 500). @default console.error */
  readonly onHandlerError?: (error: unknown) => void;
}

export interface ApiServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { handler, host = '127.0.0.1', port = 0 } = options;
  const settings = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    timeoutMs: options.timeoutMs ?? 30_000,
    functionName: options.functionName ?? 'fate-flow-api',
    onHandlerError: options.onHandlerError ?? ((error: unknown) => console.error('handler failed', error)),
    authorizeIam: options.iam === undefined ? undefined : localIamAuthorizer(options.iam),
    authorizeLambda:
      options.lambdaAuthorizer === undefined ? undefined : localLambdaAuthorizer(options.lambdaAuthorizer),
  };
  // Requests still being handled: close() waits for them, so a site never closes its store under one.
  const inFlight = new Set<Promise<void>>();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const handling = (options.beside?.(req, res) ?? serve(handler, settings, req, res)).finally(() =>
      inFlight.delete(handling),
    );
    inFlight.add(handling);
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`server is not listening on TCP: ${address}`);
  const boundPort = address.port;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    port: boundPort,
    close: async () => {
      await closeServer(server);
      await Promise.allSettled([...inFlight]);
    },
  };
}

interface Settings {
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly functionName: string;
  readonly onHandlerError: (error: unknown) => void;
  readonly authorizeIam: ReturnType<typeof localIamAuthorizer> | undefined;
  readonly authorizeLambda: ReturnType<typeof localLambdaAuthorizer> | undefined;
}

async function serve(handler: LambdaHttpHandler, settings: Settings, req: IncomingMessage, res: ServerResponse) {
  let body: Buffer | 'too-large';
  try {
    body = await readBody(req, settings.maxBodyBytes);
  } catch {
    // The client went away mid-request; there is nobody to answer.
    res.destroy();
    return;
  }
  if (body === 'too-large') {
    writeJson(res, 413, { message: 'Request Entity Too Large' }, { connection: 'close' });
    return;
  }
  const event = toEvent(req, body);
  if (settings.authorizeIam !== undefined) {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const check = await settings.authorizeIam({
      method: req.method ?? 'GET',
      url,
      headers: event.headers as Record<string, string>,
      body,
    });
    if (!check.ok) {
      writeJson(res, 403, { message: check.message });
      return;
    }
    withIamAuthorizer(event, check.iam);
  }
  if (settings.authorizeLambda !== undefined) {
    const check = await settings.authorizeLambda(event);
    if (!check.ok) {
      writeJson(res, check.status, { message: check.message });
      return;
    }
    (event.requestContext as { authorizer?: { lambda: unknown } }).authorizer = { lambda: check.context };
  }
  let result: APIGatewayProxyResultV2;
  try {
    result = await handler(event, lambdaContext(settings.functionName, settings.timeoutMs));
  } catch (error) {
    settings.onHandlerError(error);
    writeJson(res, 500, { message: 'Internal Server Error' });
    return;
  }
  writeResult(res, result);
}

/** The whole body, or 'too-large' once it passes the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks, size)));
    req.on('error', reject);
    // A declared oversize is refused at once, as API Gateway does, without waiting for the bytes.
    if (declared > limit) resolve('too-large');
  });
}

function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    if (name === 'cookie')
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
    else headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  }
  const now = new Date();
  const text = body.length > 0 && isUtf8Text(headers['content-type'], body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(rawQueryString === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/** What API Gateway adds to the event of an IAM-authorised request. */
function withIamAuthorizer(event: APIGatewayProxyEventV2, iam: IamIdentity): void {
  (event.requestContext as { authorizer?: { iam: IamIdentity } }).authorizer = { iam };
}

const TEXT_TYPES = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded)\b)/i;

/** Text when the content type says so (or there is none) and the bytes are valid UTF-8. */
function isUtf8Text(contentType: string | undefined, body: Buffer): boolean {
  if (contentType !== undefined && !TEXT_TYPES.test(contentType.trim())) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  // API Gateway reads a result without statusCode as a JSON body for a 200.
  if (typeof result === 'string' || result.statusCode === undefined) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    write(res, 200, { 'content-type': 'application/json' }, Buffer.from(body));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded === true ? 'base64' : 'utf8');
  write(res, result.statusCode, headers, body);
}

function writeJson(
  res: ServerResponse,
  statusCode: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  write(res, statusCode, { 'content-type': 'application/json', ...headers }, Buffer.from(JSON.stringify(value)));
}

function write(
  res: ServerResponse,
  statusCode: number,
  headers: Readonly<Record<string, string | string[]>>,
  body: Buffer,
): void {
  res.writeHead(statusCode, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections();
  });
}
