import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { generateSigningKey, keyId } from '../../../../functions/domain/signing/keys.js';
import { signWebhook, verifyWebhook } from '../../../../functions/domain/signing/standard-webhooks.js';

const sender = generateSigningKey();
const NOW = 1_767_225_600;

/** Ids as the spec allows them here: printable ASCII without '.'. */
const webhookId = fc.stringMatching(/^[\x21-\x2d\x2f-\x7e]{1,64}$/);
const timestamp = fc.integer({ min: NOW - 300, max: NOW + 300 });
const body = fc.uint8Array({ maxLength: 512 });
/** A body together with the index of one of its bytes and a non-zero mask to XOR it with. */
const bodyAndFlip = fc
  .uint8Array({ minLength: 1, maxLength: 512 })
  .chain((bytes) => fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })));

describe('signing properties', () => {
  it('verify accepts whatever sign produced, for any id, timestamp in the window and body', () => {
    fc.assert(
      fc.property(webhookId, timestamp, body, (id, seconds, bytes) => {
        const headers = signWebhook({ id, timestamp: seconds, body: bytes, secretKeys: [sender.secretKey] });
        expect(verifyWebhook({ headers, body: bytes, publicKeys: [sender.publicKey], nowSeconds: NOW })).toEqual({
          ok: true,
          id,
          timestamp: seconds,
          keyId: keyId(sender.publicKey),
        });
      }),
      { numRuns: 50 },
    );
  });

  it('changing any single byte of the body makes verification fail', () => {
    fc.assert(
      fc.property(webhookId, timestamp, bodyAndFlip, (id, seconds, [bytes, index, mask]) => {
        const headers = signWebhook({ id, timestamp: seconds, body: bytes, secretKeys: [sender.secretKey] });
        const tampered = Uint8Array.from(bytes);
        tampered[index] = (tampered[index] ?? 0) ^ mask;
        expect(verifyWebhook({ headers, body: tampered, publicKeys: [sender.publicKey], nowSeconds: NOW })).toEqual({
          ok: false,
          reason: 'no_valid_signature',
          message: 'no v1a signature verifies with a registered public key',
        });
      }),
      { numRuns: 50 },
    );
  });

  it('never throws, whatever the headers and body of the request', () => {
    const headerValue = fc.option(fc.string({ maxLength: 200 }), { nil: undefined });
    fc.assert(
      fc.property(headerValue, headerValue, headerValue, body, (id, seconds, signature, bytes) => {
        const result = verifyWebhook({
          headers: { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': signature },
          body: bytes,
          publicKeys: [sender.publicKey],
          nowSeconds: NOW,
        });
        expect(result.ok).toBe(false);
      }),
    );
  });
});
