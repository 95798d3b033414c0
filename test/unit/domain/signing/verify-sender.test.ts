import { describe, expect, it } from '@jest/globals';
import type { FederatedMessage } from '../../../../functions/domain/ports/peer-client.js';
import {
  DELEGATION_HEADER,
  DELEGATION_LIFETIME_SECONDS,
  type DelegationClaims,
  issueDelegation,
} from '../../../../functions/domain/signing/delegation.js';
import { generateSigningKey, keyId } from '../../../../functions/domain/signing/keys.js';
import { signWebhook } from '../../../../functions/domain/signing/standard-webhooks.js';
import { verifySender } from '../../../../functions/domain/signing/verify-sender.js';

const NOW = 1_767_225_600;
const site = generateSigningKey();
const ephemeral = generateSigningKey();
const BODY = Uint8Array.of(1, 2, 3, 4);
const JOB = '202601010000000000001';

const transfer: FederatedMessage<'transfer'> = {
  command: 'transfer',
  jobId: JOB,
  src: { role: 'host', partyId: 10000 },
  dest: { role: 'guest', partyId: 9999 },
  body: { tag: 'intersection_0/0/ids', payload: { kind: 'inline', base64: 'AQID' } },
};

const claims: DelegationClaims = {
  partyId: 10000,
  jobId: JOB,
  role: 'host',
  component: 'intersection_0',
  taskVersion: 0,
  publicKey: ephemeral.publicKey,
  issuedAt: NOW,
  notAfter: NOW + DELEGATION_LIFETIME_SECONDS,
};

const signedBy = (secretKey: string, extra: Record<string, string> = {}) => ({
  ...signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secretKeys: [secretKey] }),
  ...extra,
});

const verify = (headers: Record<string, string>, message: FederatedMessage = transfer) =>
  verifySender({ headers, body: BODY, message, publicKeys: [site.publicKey], nowSeconds: NOW });

describe('verifying the sender of a federation call', () => {
  it("accepts the party's own signature without a certificate", () => {
    expect(verify(signedBy(site.secretKey))).toEqual({
      ok: true,
      id: 'msg_1',
      timestamp: NOW,
      keyId: keyId(site.publicKey),
    });
  });

  it('refuses a signature by a key that is neither registered nor delegated', () => {
    expect(verify(signedBy(ephemeral.secretKey))).toMatchObject({ ok: false, reason: 'no_valid_signature' });
  });

  it('accepts a transfer signed by the delegated key, with the certificate, and says whose key it was', () => {
    const certificate = issueDelegation(claims, [site.secretKey]);
    expect(verify(signedBy(ephemeral.secretKey, { [DELEGATION_HEADER]: certificate }))).toEqual({
      ok: true,
      id: 'msg_1',
      timestamp: NOW,
      keyId: keyId(ephemeral.publicKey),
      delegation: claims,
    });
  });

  it("refuses the delegated key's signature on anything but the transfer its certificate covers", () => {
    const certificate = issueDelegation(claims, [site.secretKey]);
    const headers = signedBy(ephemeral.secretKey, { [DELEGATION_HEADER]: certificate });
    const report: FederatedMessage<'task.report'> = {
      ...transfer,
      command: 'task.report',
      body: { component: 'intersection_0', taskVersion: 0, partyStatus: 'success' },
    };
    expect(verify(headers, report)).toEqual({
      ok: false,
      reason: 'delegation_refused',
      message: 'delegation refused: a delegated key signs transfers only, not task.report',
    });
    expect(verify(headers, { ...transfer, jobId: 'another' })).toMatchObject({
      ok: false,
      reason: 'delegation_refused',
    });
  });

  it('judges a call with a certificate by the certificate alone: the site key does not stand in for the delegated one', () => {
    const certificate = issueDelegation(claims, [site.secretKey]);
    expect(verify(signedBy(site.secretKey, { [DELEGATION_HEADER]: certificate }))).toMatchObject({
      ok: false,
      reason: 'no_valid_signature',
    });
  });

  it('refuses a certificate the party did not sign, even with a matching signature of its key', () => {
    const forged = issueDelegation(claims, [ephemeral.secretKey]);
    expect(verify(signedBy(ephemeral.secretKey, { [DELEGATION_HEADER]: forged }))).toEqual({
      ok: false,
      reason: 'delegation_unverified',
      message: 'delegation refused: no signature verifies with a registered key of the sender',
    });
  });

  it('refuses an expired certificate', () => {
    const certificate = issueDelegation(
      { ...claims, issuedAt: NOW - 2 * DELEGATION_LIFETIME_SECONDS, notAfter: NOW - DELEGATION_LIFETIME_SECONDS },
      [site.secretKey],
    );
    expect(verify(signedBy(ephemeral.secretKey, { [DELEGATION_HEADER]: certificate }))).toEqual({
      ok: false,
      reason: 'delegation_unverified',
      message: `delegation refused: it expired ${DELEGATION_LIFETIME_SECONDS} s ago`,
    });
  });
});
