/**
 * Per-task delegated signing keys for the data plane. A runner never holds its site's signing key:
 * it makes an Ed25519 key pair of its own, and its site (which holds the key) issues a short-lived
 * certificate over that public key, naming the one task it may speak for. The runner signs its
 * `transfer` webhooks with the ephemeral key and sends the certificate beside them; a receiver
 * checks the certificate against the sending party's registered keys and accepts the delegated
 * signature only for a `transfer` of that job, from that role and party, tagged for that component
 * and task version, before the certificate expires (delegationRefusal).
 *
 * Wire form (one header): `v1.<base64 of the claims JSON>.<signature>[ <signature>…]`, one
 * Ed25519 signature per site key (several during a key rotation), each over
 * `fate-flow-delegation.v1.<base64 of the claims JSON>`. The prefix separates these signatures
 * from webhook signatures (`<id>.<digits>.<body>`): base64 has no `.`, so neither content can be
 * read as the other.
 */
import * as z from 'zod';
import { ArgumentError } from '../errors.js';
import { ROLES, type Role } from '../job/roles.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { signEd25519, verifyEd25519 } from './ed25519.js';
import { parsePublicKey, parseSecretKey } from './keys.js';
import { DEFAULT_TOLERANCE_SECONDS, MAX_SIGNATURES } from './standard-webhooks.js';

/** The request header that carries a delegation certificate (lower case, as receivers see headers). */
export const DELEGATION_HEADER = 'fate-flow-delegation';
export const DELEGATION_VERSION = 'v1';
/** What a site issues: an hour, renewed by the runner well before it ends (a task may run for days). */
export const DELEGATION_LIFETIME_SECONDS = 3600;
/** What a receiver accepts at most, whatever a sender issued: bounds the use of a leaked ephemeral key. */
export const MAX_DELEGATION_SECONDS = 2 * DELEGATION_LIFETIME_SECONDS;
/** Far more than a certificate with ten signatures takes (≈ 1.3 KB); anything longer is refused unread. */
export const MAX_DELEGATION_HEADER_LENGTH = 4096;

const SIGNED_PREFIX = `fate-flow-delegation.${DELEGATION_VERSION}.`;
const SIGNATURE_BYTES = 64;

/** What a certificate says: who may sign, for which task, until when. Times are unix seconds. */
export interface DelegationClaims {
  readonly partyId: number;
  readonly jobId: string;
  readonly role: Role;
  readonly component: string;
  readonly taskVersion: number;
  /** The runner's ephemeral `whpk_` key. */
  readonly publicKey: string;
  readonly issuedAt: number;
  readonly notAfter: number;
}

const seconds = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const claimsSchema = z.strictObject({
  partyId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  jobId: z.string().min(1).max(256),
  role: z.enum(ROLES),
  // The DSL's component names; the transfer tags a certificate covers start with `<component>/`.
  component: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/),
  taskVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  publicKey: z.string(),
  issuedAt: seconds,
  notAfter: seconds,
});

/** The claims in a fixed key order, so that one set of claims always has one text. */
function claimsText(claims: DelegationClaims): string {
  const { partyId, jobId, role, component, taskVersion, publicKey, issuedAt, notAfter } = claims;
  return JSON.stringify({ partyId, jobId, role, component, taskVersion, publicKey, issuedAt, notAfter });
}

const signedContent = (encodedClaims: string): Uint8Array => new TextEncoder().encode(SIGNED_PREFIX + encodedClaims);

/**
 * The certificate for `claims`, signed with every one of the site's `whsk_` keys. Throws
 * ArgumentError for claims that no receiver would accept (they are the issuer's own values).
 */
export function issueDelegation(claims: DelegationClaims, siteSecretKeys: readonly string[]): string {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new ArgumentError(`delegation claims: ${z.prettifyError(parsed.error)}`);
  parsePublicKey(claims.publicKey);
  const lifetime = claims.notAfter - claims.issuedAt;
  if (lifetime <= 0 || lifetime > MAX_DELEGATION_SECONDS) {
    throw new ArgumentError(`a delegation lasts 1 to ${MAX_DELEGATION_SECONDS} s, not ${lifetime} s`);
  }
  if (siteSecretKeys.length === 0 || siteSecretKeys.length > MAX_SIGNATURES) {
    throw new ArgumentError(
      `between 1 and ${MAX_SIGNATURES} site keys sign a delegation, got ${siteSecretKeys.length}`,
    );
  }
  const encoded = encodeBase64(new TextEncoder().encode(claimsText(claims)));
  const content = signedContent(encoded);
  const signatures = siteSecretKeys.map((key) => encodeBase64(signEd25519(content, parseSecretKey(key))));
  return `${DELEGATION_VERSION}.${encoded}.${signatures.join(' ')}`;
}

export type DelegationResult =
  | { readonly ok: true; readonly claims: DelegationClaims }
  | { readonly ok: false; readonly message: string };

export interface ReadDelegationInput {
  readonly certificate: string;
  /** The issuing party's registered `whpk_` keys. */
  readonly publicKeys: readonly string[];
  /** Unix seconds now. */
  readonly nowSeconds: number;
  /** Clock skew allowed on `issuedAt` (a certificate is never accepted after `notAfter`). */
  readonly toleranceSeconds?: number;
}

const refuse = (message: string): DelegationResult => ({ ok: false, message: `delegation refused: ${message}` });

/**
 * The claims of a certificate that one of `publicKeys` signed and that is valid now. Never throws
 * for anything in the certificate (it comes off the wire); it throws ArgumentError only for an
 * invalid registered key, which is the caller's own value.
 */
export function readDelegation(input: ReadDelegationInput): DelegationResult {
  const { certificate, nowSeconds } = input;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const keys = input.publicKeys.map((key) => parsePublicKey(key));
  if (typeof certificate !== 'string' || certificate.length > MAX_DELEGATION_HEADER_LENGTH) {
    return refuse(`the certificate is not a string of at most ${MAX_DELEGATION_HEADER_LENGTH} characters`);
  }
  const [version, encoded, signatureList, ...rest] = certificate.split('.');
  if (version !== DELEGATION_VERSION || encoded === undefined || signatureList === undefined || rest.length > 0) {
    return refuse(`the certificate is not ${DELEGATION_VERSION}.<claims>.<signatures>`);
  }
  const claims = parseClaims(encoded);
  if (claims === undefined) return refuse('its claims are not a delegation of one task to one Ed25519 key');
  // The cheap checks first, as for webhooks: a stale or overlong certificate costs no signature work.
  if (claims.notAfter - claims.issuedAt > MAX_DELEGATION_SECONDS || claims.notAfter <= claims.issuedAt) {
    return refuse(`it lasts ${claims.notAfter - claims.issuedAt} s; at most ${MAX_DELEGATION_SECONDS} s are accepted`);
  }
  if (claims.issuedAt > nowSeconds + tolerance) return refuse(`it is issued ${claims.issuedAt - nowSeconds} s ahead`);
  if (nowSeconds > claims.notAfter) return refuse(`it expired ${nowSeconds - claims.notAfter} s ago`);
  const entries = signatureList.split(' ');
  if (entries.length > MAX_SIGNATURES) return refuse(`it has more than ${MAX_SIGNATURES} signatures`);
  const content = signedContent(encoded);
  const signed = entries.some((entry) => {
    const signature = decodeBase64(entry);
    return signature?.length === SIGNATURE_BYTES && keys.some((key) => verifyEd25519(signature, content, key));
  });
  if (!signed) return refuse('no signature verifies with a registered key of the sender');
  return { ok: true, claims };
}

function parseClaims(encoded: string): DelegationClaims | undefined {
  const bytes = decodeBase64(encoded);
  if (bytes === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  const parsed = claimsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  try {
    parsePublicKey(parsed.data.publicKey);
  } catch {
    return undefined;
  }
  return parsed.data;
}

/** What a delegated signature may be on: the parts of a message the claims bind. */
export interface DelegatedMessage {
  readonly command: string;
  readonly jobId: string;
  readonly src: { readonly role: Role; readonly partyId: number };
  /** The transfer's wire tag (`<component>/<taskVersion>/<tag>[#i/n]`); undefined for other commands. */
  readonly transferTag: string | undefined;
}

/**
 * Why `claims` do not cover `message`, or undefined when they do: only a `transfer` of the
 * claimed job, sent as the claimed role and party, under the claimed component and task version.
 */
export function delegationRefusal(claims: DelegationClaims, message: DelegatedMessage): string | undefined {
  if (message.command !== 'transfer') return `a delegated key signs transfers only, not ${message.command}`;
  if (message.jobId !== claims.jobId) return `the key is delegated for job ${claims.jobId}, not ${message.jobId}`;
  if (message.src.partyId !== claims.partyId || message.src.role !== claims.role) {
    return `the key is delegated to ${claims.role} ${claims.partyId}, not ${message.src.role} ${message.src.partyId}`;
  }
  const scope = `${claims.component}/${claims.taskVersion}/`;
  if (message.transferTag === undefined || !message.transferTag.startsWith(scope)) {
    return `the key is delegated for tags ${scope}…, not ${JSON.stringify(message.transferTag)}`;
  }
  return undefined;
}
