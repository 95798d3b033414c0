import * as z from 'zod';
import { parsePublicKey } from '../signing/keys.js';

/** A `whpk_` public key that decodes to a curve point; the message says what is wrong with it. */
export const publicKeySchema = z.string().superRefine((key, context) => {
  try {
    parsePublicKey(key);
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

/**
 * A peer as a site's configuration lists it (the stack's context, the Lambdas' FATE_FLOW_PEERS):
 * one schema on both sides, so a peer the synth accepts is one the Lambdas accept. `partyId` is
 * given by the caller: a context value may arrive as a string.
 */
export function peerSchema(partyId: z.ZodType<number, unknown>) {
  return z.strictObject({
    partyId,
    endpoint: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
    publicKeys: z.array(publicKeySchema).min(1, { error: 'a peer needs at least one public key' }),
  });
}
