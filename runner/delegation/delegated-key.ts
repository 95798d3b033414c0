/**
 * The runner's signing identity for the data plane: an Ed25519 key pair made here, in memory,
 * and the certificate its site issues over the public half (domain/signing/delegation.ts). The
 * private key never leaves the process and the site's own key never enters it. A certificate
 * lasts an hour; it is renewed once less than RENEW_BEFORE_SECONDS are left, so a long task
 * keeps sending while the site still sees it running.
 */
import type { DelegatedKey } from '../../functions/adapters/peers/signed-peer-client.js';
import type { DelegationRequester } from '../../functions/adapters/runner-calls/delegation-client.js';
import { generateSigningKey } from '../../functions/domain/signing/keys.js';

/** Renewed this long before it ends: more than a transfer's retries take, far less than its life. */
export const RENEW_BEFORE_SECONDS = 600;

/** The key and its current certificate, requested on first use and renewed near its end. */
export function delegatedKey(
  request: DelegationRequester,
  clock: () => number = Date.now,
): () => Promise<DelegatedKey> {
  const pair = generateSigningKey();
  let current: { readonly certificate: string; readonly notAfter: number } | undefined;
  let pending: Promise<DelegatedKey> | undefined;
  const renew = async (): Promise<DelegatedKey> => {
    const reply = await request(pair.publicKey);
    current = reply;
    return { secretKey: pair.secretKey, certificate: reply.certificate };
  };
  return async () => {
    const now = Math.floor(clock() / 1000);
    if (current !== undefined && current.notAfter - now > RENEW_BEFORE_SECONDS) {
      return { secretKey: pair.secretKey, certificate: current.certificate };
    }
    // One request at a time: the parts of a large value are sent in parallel.
    pending ??= renew().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
