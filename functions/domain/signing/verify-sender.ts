/**
 * The signature check of an inbound federation call: the sender's own key, or a key it delegated
 * to one of its tasks (delegation.ts). A call that carries a delegation certificate is judged by
 * it alone: the certificate must verify with the sender's registered keys and cover the message,
 * and the webhook signature must verify with the delegated key.
 */
import type { FederatedMessage } from '../ports/peer-client.js';
import { DELEGATION_HEADER, type DelegationClaims, delegationRefusal, readDelegation } from './delegation.js';
import { DEFAULT_TOLERANCE_SECONDS, type VerifyWebhookResult, verifyWebhook } from './standard-webhooks.js';

export type SenderVerification =
  | (VerifyWebhookResult & { readonly ok: true; readonly delegation?: DelegationClaims })
  | (VerifyWebhookResult & { readonly ok: false })
  /** The certificate does not prove the sender (malformed, stale, not signed by its keys). */
  | { readonly ok: false; readonly reason: 'delegation_unverified'; readonly message: string }
  /** A certificate the sender signed, that does not cover this message. */
  | { readonly ok: false; readonly reason: 'delegation_refused'; readonly message: string };

export interface VerifySenderInput {
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw request body, exactly as received. */
  readonly body: Uint8Array;
  /** The decoded envelope of `body`: a delegation is checked against what it says. */
  readonly message: FederatedMessage;
  /** The sending party's registered `whpk_` keys. */
  readonly publicKeys: readonly string[];
  /** Unix seconds now. */
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}

/** Never throws for anything in the request (see verifyWebhook and readDelegation). */
export function verifySender(input: VerifySenderInput): SenderVerification {
  const { headers, body, message, publicKeys, nowSeconds } = input;
  const toleranceSeconds = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const certificate = headers[DELEGATION_HEADER];
  if (certificate === undefined) return verifyWebhook({ headers, body, publicKeys, nowSeconds, toleranceSeconds });
  const delegation = readDelegation({ certificate, publicKeys, nowSeconds, toleranceSeconds });
  if (!delegation.ok) return { ok: false, reason: 'delegation_unverified', message: delegation.message };
  const { claims } = delegation;
  const refusal = delegationRefusal(claims, {
    command: message.command,
    jobId: message.jobId,
    src: message.src,
    transferTag: message.command === 'transfer' ? (message as FederatedMessage<'transfer'>).body.tag : undefined,
  });
  if (refusal !== undefined)
    return { ok: false, reason: 'delegation_refused', message: `delegation refused: ${refusal}` };
  const verified = verifyWebhook({ headers, body, publicKeys: [claims.publicKey], nowSeconds, toleranceSeconds });
  return verified.ok ? { ...verified, delegation: claims } : verified;
}
