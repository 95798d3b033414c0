/**
 * Checks FATE's client signature (TIMESTAMP, NONCE, APP_KEY, SIGNATURE headers; see
 * fate-signature.ts) against the site's app keys. The checks that hold for every app key alike
 * come first and say what is wrong; an unknown app key and a wrong signature then look the same
 * to the caller, in their answer and in their time: an unknown key's signature is computed anyway,
 * with a secret nobody has.
 *
 * FATE's signature does not cover a multipart body: whoever captures a signed upload could send it
 * again with another file while its TIMESTAMP is fresh. FATE's wire format cannot change, so the
 * caller of this check remembers each accepted (APP_KEY, NONCE) pair for the window and refuses it
 * a second time (authenticate.ts, ports/nonce-store.ts).
 */
import { randomBytes } from 'node:crypto';
import { fateSignature, signaturesMatch, signedForm } from './fate-signature.js';
import { credentialRefusal, type Refusal, refusal } from './refusal.js';

/** FATE-Flow accepts a signature whose TIMESTAMP is within 60 s of its clock. */
export const SIGNATURE_MAX_SKEW_MS = 60_000;
/** FATE's client sends a uuid1 (36 characters); the bound keeps the remembered pair's key small. */
export const MAX_NONCE_LENGTH = 128;

export const SIGNATURE_HEADERS = ['timestamp', 'nonce', 'app_key', 'signature'] as const;

export interface SignedRequestParts {
  /** Lower-cased headers, `app_key` already merged from FATE-Flow's server-side `app-key`. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Path and query as sent. */
  readonly pathWithQuery: string;
  /** The body's media type, lower-cased without parameters, or undefined. */
  readonly mediaType: string | undefined;
  readonly isJson: boolean;
  readonly rawBody: Buffer;
}

export type SignatureCheck =
  | { readonly ok: true; readonly appKey: string; readonly nonce: string; readonly timestamp: number }
  | { readonly ok: false; readonly refusal: Refusal };

/** The four headers, present and well-formed, and the TIMESTAMP within the window. */
export type SignatureHeaders =
  | {
      readonly ok: true;
      readonly timestamp: string;
      readonly nonce: string;
      readonly appKey: string;
      readonly signature: string;
    }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * The checks that hold for every app key alike, and so may say what is wrong: what the
 * `appKeyAuthorizer` can check of a request whose body it cannot see, before any key is looked up.
 */
export function checkSignatureHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  clock: () => number,
): SignatureHeaders {
  const missing = SIGNATURE_HEADERS.filter((name) => !headers[name]).map((name) => name.toUpperCase());
  const { timestamp = '', nonce = '', app_key: appKey = '', signature = '' } = headers;
  if (missing.length > 0) return refused(`incomplete signature: missing ${missing.join(', ')} header`);
  if (!/^\d{1,16}$/.test(timestamp)) {
    return refused('invalid TIMESTAMP header: expected milliseconds since the epoch');
  }
  if (!/^[\x21-\x7e]+$/.test(nonce) || nonce.length > MAX_NONCE_LENGTH) {
    return refused(`invalid NONCE header: expected 1 to ${MAX_NONCE_LENGTH} printable ASCII characters`);
  }
  if (Math.abs(clock() - Number(timestamp)) > SIGNATURE_MAX_SKEW_MS) {
    return refused(
      `timestamp out of range: TIMESTAMP must be within ${SIGNATURE_MAX_SKEW_MS / 1000} s of the server clock`,
    );
  }
  return { ok: true, timestamp, nonce, appKey, signature };
}

/** A checker for the given app keys (app key → secret key). */
export function appKeySignatureChecker(
  appKeys: ReadonlyMap<string, string>,
  clock: () => number,
): (request: SignedRequestParts) => SignatureCheck {
  // Signs for app keys that do not exist, so that refusing them costs what refusing a bad signature costs.
  const nobodysSecret = randomBytes(32).toString('base64');
  return (request) => {
    const checked = checkSignatureHeaders(request.headers, clock);
    if (!checked.ok) return checked;
    const { timestamp, nonce, appKey, signature } = checked;
    const secret = appKeys.get(appKey);
    const expected = fateSignature(secret ?? nobodysSecret, {
      timestamp,
      nonce,
      appKey,
      pathWithQuery: request.pathWithQuery,
      jsonBody: request.isJson ? request.rawBody : Buffer.alloc(0),
      form:
        request.mediaType === 'application/x-www-form-urlencoded' ? signedForm(request.rawBody.toString('utf8')) : '',
    });
    const matches = signaturesMatch(signature, expected);
    if (secret === undefined) return { ok: false, refusal: credentialRefusal('unknown app key', appKey) };
    if (!matches) {
      return { ok: false, refusal: credentialRefusal('bad signature: SIGNATURE does not match the request', appKey) };
    }
    return { ok: true, appKey, nonce, timestamp: Number(timestamp) };
  };
}

function refused(message: string): { readonly ok: false; readonly refusal: Refusal } {
  return { ok: false, refusal: refusal(message) };
}
