/**
 * What a Lambda authorizer in front of the user API can decide about FATE's client signature
 * (fate-signature.ts). It sees the headers, path and query but never the body, which FATE signs
 * when it is JSON or a form; so it refuses what it can prove wrong — missing or malformed headers,
 * a TIMESTAMP outside the window, an unknown app key, and a wrong signature on a request without a
 * body — and lets the rest through to the API, which checks the whole signature again with the
 * same checker and remembers the NONCE (authenticate.ts). The NONCE is not remembered here: only a
 * verified signature may write, and here a body's signature cannot be verified.
 */
import type { AppKeySource } from '../../domain/ports/app-key-source.js';
import { appKeySignatureChecker, checkSignatureHeaders } from './check-app-key-signature.js';
import { credentialRefusal, type Refusal } from './refusal.js';

export interface AuthorizerRequest {
  /** Lower-cased header names, as API Gateway's payload 2.0 gives them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawPath: string;
  readonly rawQueryString: string;
}

export type AuthorizerDecision =
  | {
      readonly authorized: true;
      readonly appKey: string;
      /** True when the request has no body and so its whole signature was checked here. */
      readonly signatureChecked: boolean;
    }
  | { readonly authorized: false; readonly refusal: Refusal };

export async function authorizeAppKey(
  request: AuthorizerRequest,
  source: AppKeySource,
  clock: () => number,
): Promise<AuthorizerDecision> {
  const headers = signedHeaders(request.headers);
  const checked = checkSignatureHeaders(headers, clock);
  if (!checked.ok) return { authorized: false, refusal: checked.refusal };
  const appKeys = await source.appKeys();
  if (hasNoBody(headers)) {
    const full = appKeySignatureChecker(
      appKeys,
      clock,
    )({
      headers,
      pathWithQuery: request.rawQueryString ? `${request.rawPath}?${request.rawQueryString}` : request.rawPath,
      mediaType: undefined,
      isJson: true,
      rawBody: Buffer.alloc(0),
    });
    return full.ok
      ? { authorized: true, appKey: full.appKey, signatureChecked: true }
      : { authorized: false, refusal: full.refusal };
  }
  if (!appKeys.has(checked.appKey)) {
    return { authorized: false, refusal: credentialRefusal('unknown app key', checked.appKey) };
  }
  return { authorized: true, appKey: checked.appKey, signatureChecked: false };
}

/** FATE's client sends APP_KEY; FATE-Flow's own server-to-server calls send APP-KEY. */
export function signedHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  return { ...headers, app_key: headers.app_key ?? headers['app-key'] };
}

/** A request says it has no body: `Content-Length: 0`, or neither a length nor a chunked transfer. */
function hasNoBody(headers: Readonly<Record<string, string | undefined>>): boolean {
  const length = headers['content-length'];
  return length === undefined ? headers['transfer-encoding'] === undefined : length.trim() === '0';
}
