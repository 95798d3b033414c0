/**
 * FATE's client request signing (fate_client `access_server`, FATE-Flow `apps/__init__.py`):
 *
 *   SIGNATURE = base64(HMAC-SHA1(secret, "\n".join([TIMESTAMP, NONCE, APP_KEY, path_url,
 *                                                   JSON body or "", url-encoded form or ""])))
 *
 * `path_url` is the path and query exactly as sent. The client signs the body when it sends JSON
 * and the form when it sends a dict as `data`; a multipart upload signs neither.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  readonly timestamp: string;
  readonly nonce: string;
  readonly appKey: string;
  /** Path and query as they were sent: `/v1/job/query` or `/v1/data/upload?%7B...%7D`. */
  readonly pathWithQuery: string;
  /** The raw JSON body, or empty when the body is not JSON. */
  readonly jsonBody: Uint8Array;
  /** The url-encoded form, sorted as FATE signs it, or empty. */
  readonly form: string;
}

export function fateSignature(secretKey: string, request: SignedRequest): string {
  const newline = Buffer.from('\n');
  const message = Buffer.concat([
    Buffer.from(request.timestamp),
    newline,
    Buffer.from(request.nonce),
    newline,
    Buffer.from(request.appKey),
    newline,
    Buffer.from(request.pathWithQuery),
    newline,
    request.jsonBody,
    newline,
    Buffer.from(request.form),
  ]);
  return createHmac('sha1', secretKey).update(message).digest('base64');
}

/** Compares a received signature with the expected one without leaking where they differ. */
export function signaturesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `urlencode(sorted(form.items()), quote_via=quote, safe='-._~')`: Flask's `form.items()` gives
 * the first value of each key; Python's `quote` escapes everything but letters, digits and `-._~`.
 */
export function signedForm(body: string): string {
  const first = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) if (!first.has(key)) first.set(key, value);
  return [...first]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${pythonQuote(key)}=${pythonQuote(value)}`)
    .join('&');
}

function pythonQuote(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
