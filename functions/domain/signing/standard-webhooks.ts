/**
 * Signing and verifying federation calls as Standard Webhooks (https://www.standardwebhooks.com) with
 * the asymmetric `v1a` scheme: an Ed25519 signature over `${webhook-id}.${webhook-timestamp}.${body}`.
 * Only `v1a` is accepted; the symmetric `v1` (HMAC-SHA256, `whsec_`) would need a secret shared with
 * every peer. The body is protobuf, so it is signed and verified as raw bytes, never as text.
 *
 * Replay protection beyond the timestamp window (the `webhook-id` seen before), the sender's
 * identity and its permissions are the caller's checks, not this module's.
 */
import { ArgumentError } from '../errors.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { signEd25519, verifyEd25519 } from './ed25519.js';
import { keyIdOfBytes, parsePublicKey, parseSecretKey } from './keys.js';

export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
export const SIGNATURE_VERSION = 'v1a';
/** The spec's recommended window, and DESIGN.md's ±300 s. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
/** More than a key rotation ever needs; bounds the Ed25519 work one request can cause. */
export const MAX_SIGNATURES = 10;
/** Ten `v1a,` entries take 929 characters; anything near this limit is abuse. */
export const MAX_SIGNATURE_HEADER_LENGTH = 4096;
export const MAX_WEBHOOK_ID_LENGTH = 256;
/** Ed25519 signatures are 64 bytes. */
const SIGNATURE_BYTES = 64;
/** 1 to 15 digits: an integer that is always a safe JavaScript number. */
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;
/**
 * Printable ASCII without `.`. The signed content joins id, timestamp and body with `.`, so an id
 * containing one would be ambiguous: the signature of (id `a`, body `1700000000.x`) would also verify
 * (id `a.1700000000`, body `x`) — a fresh id, i.e. a replay that passes deduplication.
 */
const WEBHOOK_ID_PATTERN = /^[\x21-\x2d\x2f-\x7e]+$/;

/** A type, not an interface, so that it can be passed where a header record is expected. */
export type WebhookHeaders = {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
};

export interface SignWebhookInput {
  /** Unique per message (the envelope's message id); the receiver deduplicates on it. */
  readonly id: string;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly body: Uint8Array;
  /** `whsk_` keys; during a rotation both the old and the new key, so every peer can verify one. */
  readonly secretKeys: readonly string[];
}

/**
 * The three Standard Webhooks headers for one message, with one `v1a,<signature>` per secret key.
 * Throws `ArgumentError` for a bad id, timestamp or key: all of them are our own values.
 */
export function signWebhook({ id, timestamp, body, secretKeys }: SignWebhookInput): WebhookHeaders {
  const idProblem = webhookIdProblem(id);
  if (idProblem !== undefined) throw new ArgumentError(idProblem, { details: { field: WEBHOOK_ID_HEADER } });
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ArgumentError(`${WEBHOOK_TIMESTAMP_HEADER} must be a non-negative integer of unix seconds`, {
      details: { field: WEBHOOK_TIMESTAMP_HEADER },
    });
  }
  if (secretKeys.length === 0 || secretKeys.length > MAX_SIGNATURES) {
    throw new ArgumentError(`between 1 and ${MAX_SIGNATURES} secret keys are needed, got ${secretKeys.length}`);
  }
  const content = signedContent(id, String(timestamp), body);
  const signatures = secretKeys.map(
    (secretKey) => `${SIGNATURE_VERSION},${encodeBase64(signEd25519(content, parseSecretKey(secretKey)))}`,
  );
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signatures.join(' '),
  };
}

export type VerifyFailureReason =
  | 'missing_headers'
  | 'bad_id'
  | 'bad_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'malformed_signature'
  | 'no_valid_signature';

export type VerifyWebhookResult =
  | { readonly ok: true; readonly id: string; readonly timestamp: number; readonly keyId: string }
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

export interface VerifyWebhookInput {
  /** Request headers with lower-case names (API Gateway v2 and middy's normalizer give those). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw request body, exactly as received. */
  readonly body: Uint8Array;
  /** The sender's registered `whpk_` keys (several during a rotation). */
  readonly publicKeys: readonly string[];
  /** Unix seconds now; a fraction is dropped, as the header only carries whole seconds. */
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}

export interface CheckWebhookHeadersInput {
  /** Request headers with lower-case names (API Gateway v2 and middy's normalizer give those). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Unix seconds now; a fraction is dropped, as the header only carries whole seconds. */
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}

/** Headers that passed {@link checkWebhookHeaders}: what a signature is then checked with. */
export interface CheckedWebhookHeaders {
  readonly ok: true;
  readonly id: string;
  readonly timestamp: number;
  /** The timestamp exactly as sent: it is part of the signed content. */
  readonly timestampText: string;
  /** The well-formed `v1a` signatures (64 bytes each). */
  readonly signatures: readonly Uint8Array[];
}

export type CheckWebhookHeadersResult =
  | CheckedWebhookHeaders
  | { readonly ok: false; readonly reason: VerifyFailureReason; readonly message: string };

/**
 * Everything that needs no key, in order: the three headers are present and non-empty; the id is
 * well-formed; the timestamp is an integer within ±tolerance of now (so stale or future requests
 * cost no signature work, and no lookup of the sender's keys); the signature header is within
 * {@link MAX_SIGNATURE_HEADER_LENGTH} and {@link MAX_SIGNATURES} and holds at least one well-formed
 * `v1a` entry. Entries of other versions and garbled entries are skipped, as the spec asks.
 *
 * Never throws for anything in the request; throws `ArgumentError` only for a non-finite
 * `nowSeconds` or a negative tolerance.
 */
export function checkWebhookHeaders({
  headers,
  nowSeconds,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: CheckWebhookHeadersInput): CheckWebhookHeadersResult {
  if (!Number.isFinite(nowSeconds)) throw new ArgumentError('nowSeconds must be a finite number');
  if (!Number.isSafeInteger(toleranceSeconds) || toleranceSeconds < 0) {
    throw new ArgumentError('toleranceSeconds must be a non-negative integer');
  }
  const id = headers[WEBHOOK_ID_HEADER];
  const timestampText = headers[WEBHOOK_TIMESTAMP_HEADER];
  const signatureHeader = headers[WEBHOOK_SIGNATURE_HEADER];
  if (!id || !timestampText || !signatureHeader) {
    const missing = [
      [WEBHOOK_ID_HEADER, id],
      [WEBHOOK_TIMESTAMP_HEADER, timestampText],
      [WEBHOOK_SIGNATURE_HEADER, signatureHeader],
    ].flatMap(([name, value]) => (value ? [] : [name]));
    return fail('missing_headers', `missing or empty headers: ${missing.join(', ')}`);
  }

  const idProblem = webhookIdProblem(id);
  if (idProblem !== undefined) return fail('bad_id', idProblem);

  // The raw text is what was signed; the number is only for the window check and the result.
  if (!TIMESTAMP_PATTERN.test(timestampText)) {
    return fail('bad_timestamp', `${WEBHOOK_TIMESTAMP_HEADER} is not an integer number of unix seconds`);
  }
  const timestamp = Number(timestampText);
  const now = Math.floor(nowSeconds);
  if (timestamp < now - toleranceSeconds) {
    return fail(
      'timestamp_too_old',
      `${WEBHOOK_TIMESTAMP_HEADER} is ${now - timestamp} s in the past, beyond the ${toleranceSeconds} s tolerance`,
    );
  }
  if (timestamp > now + toleranceSeconds) {
    return fail(
      'timestamp_in_future',
      `${WEBHOOK_TIMESTAMP_HEADER} is ${timestamp - now} s in the future, beyond the ${toleranceSeconds} s tolerance`,
    );
  }

  if (signatureHeader.length > MAX_SIGNATURE_HEADER_LENGTH) {
    return fail(
      'malformed_signature',
      `${WEBHOOK_SIGNATURE_HEADER} is ${signatureHeader.length} characters long, more than ${MAX_SIGNATURE_HEADER_LENGTH}`,
    );
  }
  const entries = signatureHeader.split(' ').filter((entry) => entry !== '');
  if (entries.length > MAX_SIGNATURES) {
    return fail(
      'malformed_signature',
      `${WEBHOOK_SIGNATURE_HEADER} has ${entries.length} entries, more than ${MAX_SIGNATURES}`,
    );
  }

  const signatures = entries.flatMap((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION) return [];
    const signature = decodeBase64(entry.slice(comma + 1));
    return signature?.length === SIGNATURE_BYTES ? [signature] : [];
  });
  if (signatures.length === 0) {
    return fail('no_valid_signature', `${WEBHOOK_SIGNATURE_HEADER} has no well-formed ${SIGNATURE_VERSION} signature`);
  }
  return { ok: true, id, timestamp, timestampText, signatures };
}

/**
 * Whether one of the checked signatures verifies over `${id}.${timestamp}.${body}` with one of
 * the sender's registered keys. Throws `ArgumentError` only for an invalid registered key.
 */
export function verifyWebhookSignature(
  checked: CheckedWebhookHeaders,
  body: Uint8Array,
  publicKeys: readonly string[],
): VerifyWebhookResult {
  const keys = publicKeys.map((publicKey) => parsePublicKey(publicKey));
  if (keys.length === 0) {
    return fail('no_valid_signature', 'the sender has no registered public key');
  }
  const content = signedContent(checked.id, checked.timestampText, body);
  for (const signature of checked.signatures) {
    for (const key of keys) {
      // RFC 8032's strict rules (ed25519.ts); never throws for anything in the request.
      if (verifyEd25519(signature, content, key)) {
        return { ok: true, id: checked.id, timestamp: checked.timestamp, keyId: keyIdOfBytes(key) };
      }
    }
  }
  return fail('no_valid_signature', `no ${SIGNATURE_VERSION} signature verifies with a registered public key`);
}

/**
 * {@link checkWebhookHeaders}, then {@link verifyWebhookSignature}. The registered keys are parsed
 * first, so an invalid one is an `ArgumentError` whatever the request holds.
 */
export function verifyWebhook({ body, publicKeys, ...headerInput }: VerifyWebhookInput): VerifyWebhookResult {
  for (const publicKey of publicKeys) parsePublicKey(publicKey);
  const checked = checkWebhookHeaders(headerInput);
  return checked.ok ? verifyWebhookSignature(checked, body, publicKeys) : checked;
}

/** `${id}.${timestamp}.` as UTF-8, then the body bytes untouched. */
function signedContent(id: string, timestamp: string, body: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}

function webhookIdProblem(id: string): string | undefined {
  if (typeof id === 'string' && id.length <= MAX_WEBHOOK_ID_LENGTH && WEBHOOK_ID_PATTERN.test(id)) return undefined;
  return `${WEBHOOK_ID_HEADER} must be 1 to ${MAX_WEBHOOK_ID_LENGTH} printable ASCII characters other than '.'`;
}

function fail(
  reason: VerifyFailureReason,
  message: string,
): { ok: false; reason: VerifyFailureReason; message: string } {
  return { ok: false, reason, message };
}
