/**
 * The contract between the HTTP layer (middy stack, auth, body parsing, FATE envelopes) and the
 * route handlers. A handler sees a parsed request and returns data; it never touches the API
 * Gateway event, HTTP status codes or headers, and reports failures by throwing AppErrors.
 */

/** A file part of a multipart/form-data request. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/**
 * Who made the request, as the HTTP layer established it: a bearer token (which one is never
 * said), a FATE app key whose signature checked out, an IAM principal API Gateway verified, a
 * person signed in to the board whose token API Gateway's JWT authorizer verified (the token's
 * `sub`), or nobody when the site runs without authentication (FATE-Flow's own default).
 */
export type Caller =
  | { readonly kind: 'bearer' }
  | { readonly kind: 'app-key'; readonly appKey: string }
  | { readonly kind: 'iam'; readonly userArn: string; readonly accountId: string }
  | { readonly kind: 'jwt'; readonly subject: string }
  | { readonly kind: 'anonymous' };

export interface ApiRequest {
  readonly method: string;
  /** The path without stage or query, e.g. "/v1/job/submit". */
  readonly path: string;
  /**
   * The JSON body (FATE's client also sends one with GET). For FATE's data upload, whose conf is
   * the whole query string as one url-encoded JSON document, that document. `{}` when there is none.
   */
  readonly body: unknown;
  /** Query parameters as key=value pairs. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly files: readonly UploadedFile[];
  /** Set by the HTTP layer once the request is authenticated; absent in hand-built requests. */
  readonly caller?: Caller;
}

/** FATE's response envelope; `data` and `jobId` are left out when undefined. */
export interface Envelope {
  readonly retcode: number;
  readonly retmsg: string;
  readonly data?: unknown;
  readonly jobId?: string;
  /** Beside `data` in a few of FATE's answers (metric_data). */
  readonly meta?: unknown;
}

export type ApiResult =
  | { readonly kind: 'envelope'; readonly envelope: Envelope }
  | {
      readonly kind: 'file';
      readonly contentType: string;
      readonly filename: string;
      readonly body: Uint8Array;
    };

export type RouteHandler<Services> = (request: ApiRequest, services: Services) => Promise<ApiResult>;

export interface Route<Services> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handler: RouteHandler<Services>;
  /**
   * Whether the route also takes multipart/form-data (FATE's data upload, model import). Every
   * route takes JSON; a multipart body on a route without this flag is refused with 415.
   * @default false
   */
  readonly multipart?: boolean;
}

/** A successful FATE envelope. */
export function ok(data?: unknown, extra: { readonly retmsg?: string; readonly jobId?: string } = {}): ApiResult {
  const envelope: Envelope = {
    retcode: 0,
    retmsg: extra.retmsg ?? 'success',
    ...(data === undefined ? {} : { data }),
    ...(extra.jobId === undefined ? {} : { jobId: extra.jobId }),
  };
  return { kind: 'envelope', envelope };
}
