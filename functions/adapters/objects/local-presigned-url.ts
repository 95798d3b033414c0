import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkObjectKey } from './object-key.js';

/**
 * What S3's presigned PUT URLs are to a local site: a URL on the site's own API server naming one
 * object key and an expiry, with an HMAC over both under a secret only the site holds, so a client
 * streams a file of any size past the API's body limit exactly as it would to S3.
 */
export const PRESIGNED_PUT_PATH = '/_objects/';

export interface LocalPresigner {
  /** The site's API base URL, known once its server listens. */
  readonly baseUrl: () => string;
  readonly secret: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
}

export function presignLocalPut(presigner: LocalPresigner, key: string, expiresInSeconds: number): string {
  checkObjectKey(key);
  const expires = Math.floor(presigner.clock() / 1000) + expiresInSeconds;
  const path = `${PRESIGNED_PUT_PATH}${key.split('/').map(encodeURIComponent).join('/')}`;
  return `${presigner.baseUrl()}${path}?expires=${expires}&signature=${signatureOf(presigner.secret, key, expires)}`;
}

export type PresignedPutCheck =
  | { readonly ok: true; readonly key: string }
  | { readonly ok: false; readonly reason: string };

/** Checks a request's path and query against the URL `presignLocalPut` made. */
export function checkLocalPresignedPut(
  presigner: Pick<LocalPresigner, 'secret' | 'clock'>,
  pathWithQuery: string,
): PresignedPutCheck {
  const url = new URL(pathWithQuery, 'http://local');
  if (!url.pathname.startsWith(PRESIGNED_PUT_PATH)) return { ok: false, reason: 'not a presigned object URL' };
  let key: string;
  try {
    key = url.pathname.slice(PRESIGNED_PUT_PATH.length).split('/').map(decodeURIComponent).join('/');
    checkObjectKey(key);
  } catch {
    return { ok: false, reason: 'malformed object key' };
  }
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  if (!Number.isSafeInteger(expires)) return { ok: false, reason: 'missing expires' };
  const expected = Buffer.from(signatureOf(presigner.secret, key, expires));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  if (expires * 1000 < presigner.clock()) return { ok: false, reason: 'expired' };
  return { ok: true, key };
}

function signatureOf(secret: Uint8Array, key: string, expires: number): string {
  return createHmac('sha256', secret).update(`PUT\n${key}\n${expires}`).digest('base64url');
}
