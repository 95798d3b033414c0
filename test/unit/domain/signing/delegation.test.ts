import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { encodeBase64 } from '../../../../functions/domain/signing/base64.js';
import {
  DELEGATION_LIFETIME_SECONDS,
  type DelegatedMessage,
  type DelegationClaims,
  delegationRefusal,
  issueDelegation,
  MAX_DELEGATION_SECONDS,
  readDelegation,
} from '../../../../functions/domain/signing/delegation.js';
import { generateSigningKey, parseSecretKey } from '../../../../functions/domain/signing/keys.js';

const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const site = generateSigningKey();
const rotated = generateSigningKey();
const otherSite = generateSigningKey();
const ephemeral = generateSigningKey();

const CLAIMS: DelegationClaims = {
  partyId: 9999,
  jobId: '202601010000000000001',
  role: 'guest',
  component: 'hetero_lr_0',
  taskVersion: 2,
  publicKey: ephemeral.publicKey,
  issuedAt: NOW,
  notAfter: NOW + DELEGATION_LIFETIME_SECONDS,
};

const TRANSFER: DelegatedMessage = {
  command: 'transfer',
  jobId: CLAIMS.jobId,
  src: { role: 'guest', partyId: 9999 },
  transferTag: 'hetero_lr_0/2/residual#1/3',
};

const read = (certificate: string, options: { publicKeys?: string[]; nowSeconds?: number } = {}) =>
  readDelegation({
    certificate,
    publicKeys: options.publicKeys ?? [site.publicKey],
    nowSeconds: options.nowSeconds ?? NOW + 60,
  });

describe('a delegation certificate', () => {
  it("reads back the claims it was issued with, signed by the site's key", () => {
    expect(read(issueDelegation(CLAIMS, [site.secretKey]))).toEqual({ ok: true, claims: CLAIMS });
  });

  it('verifies with either key of a rotation, signed by both', () => {
    const certificate = issueDelegation(CLAIMS, [site.secretKey, rotated.secretKey]);
    expect(read(certificate, { publicKeys: [rotated.publicKey] })).toEqual({ ok: true, claims: CLAIMS });
    expect(read(certificate, { publicKeys: [site.publicKey] })).toEqual({ ok: true, claims: CLAIMS });
  });

  it("is refused when no key of the sending party signed it (another site's key)", () => {
    expect(read(issueDelegation(CLAIMS, [otherSite.secretKey]))).toEqual({
      ok: false,
      message: 'delegation refused: no signature verifies with a registered key of the sender',
    });
  });

  it('is refused when a claim was changed after signing (a forged job id)', () => {
    const [version, encoded, signatures] = issueDelegation(CLAIMS, [site.secretKey]).split('.');
    const claims = JSON.parse(Buffer.from(encoded ?? '', 'base64').toString('utf8')) as DelegationClaims;
    const forged = encodeBase64(new TextEncoder().encode(JSON.stringify({ ...claims, jobId: 'someone-elses-job' })));
    expect(read(`${version}.${forged}.${signatures}`)).toEqual({
      ok: false,
      message: 'delegation refused: no signature verifies with a registered key of the sender',
    });
  });

  it('is refused once expired, and when issued too far ahead of the receiver', () => {
    const certificate = issueDelegation(CLAIMS, [site.secretKey]);
    expect(read(certificate, { nowSeconds: CLAIMS.notAfter })).toEqual({ ok: true, claims: CLAIMS });
    expect(read(certificate, { nowSeconds: CLAIMS.notAfter + 1 })).toEqual({
      ok: false,
      message: 'delegation refused: it expired 1 s ago',
    });
    expect(read(certificate, { nowSeconds: NOW - 301 })).toEqual({
      ok: false,
      message: 'delegation refused: it is issued 301 s ahead',
    });
  });

  it('is refused when it lasts longer than a receiver accepts, even if signed', () => {
    const long = { ...CLAIMS, notAfter: NOW + MAX_DELEGATION_SECONDS + 1 };
    expect(() => issueDelegation(long, [site.secretKey])).toThrow(ArgumentError);
    // Signed by hand, as a careless issuer would: the receiver still refuses it.
    const encoded = encodeBase64(new TextEncoder().encode(JSON.stringify(long)));
    const content = new TextEncoder().encode(`fate-flow-delegation.v1.${encoded}`);
    const signature = encodeBase64(ed25519.sign(content, parseSecretKey(site.secretKey)));
    expect(read(`v1.${encoded}.${signature}`)).toEqual({
      ok: false,
      message: `delegation refused: it lasts ${MAX_DELEGATION_SECONDS + 1} s; at most ${MAX_DELEGATION_SECONDS} s are accepted`,
    });
  });

  it('refuses garbage without throwing: wrong version, bad base64, extra parts, non-JSON, missing claims', () => {
    const good = issueDelegation(CLAIMS, [site.secretKey]);
    const [, encoded, signatures] = good.split('.');
    const notJson = encodeBase64(new TextEncoder().encode('not json'));
    const partial = encodeBase64(new TextEncoder().encode(JSON.stringify({ jobId: CLAIMS.jobId })));
    const withSecret = encodeBase64(new TextEncoder().encode(JSON.stringify({ ...CLAIMS, publicKey: site.secretKey })));
    for (const certificate of [
      `v2.${encoded}.${signatures}`,
      `v1.@@@.${signatures}`,
      `${good}.extra`,
      `v1.${notJson}.${signatures}`,
      `v1.${partial}.${signatures}`,
      `v1.${withSecret}.${signatures}`,
      'v1',
      '',
      'x'.repeat(5000),
    ]) {
      expect(read(certificate).ok).toBe(false);
    }
  });

  it('is issued only with valid claims and at least one site key', () => {
    expect(() => issueDelegation({ ...CLAIMS, publicKey: 'whpk_AAAA' }, [site.secretKey])).toThrow(ArgumentError);
    expect(() => issueDelegation({ ...CLAIMS, component: 'a/b' }, [site.secretKey])).toThrow(ArgumentError);
    expect(() => issueDelegation(CLAIMS, [])).toThrow(ArgumentError);
    expect(() => issueDelegation({ ...CLAIMS, notAfter: NOW }, [site.secretKey])).toThrow(ArgumentError);
  });
});

describe('what a delegation covers', () => {
  it("covers a transfer of its job, from its role and party, under its component's tags and version", () => {
    expect(delegationRefusal(CLAIMS, TRANSFER)).toBeUndefined();
    expect(delegationRefusal(CLAIMS, { ...TRANSFER, transferTag: 'hetero_lr_0/2/gradient' })).toBeUndefined();
  });

  it('covers no other command', () => {
    for (const command of ['task.report', 'job.status', 'job.stop', 'job.create', 'task.start']) {
      expect(delegationRefusal(CLAIMS, { ...TRANSFER, command, transferTag: undefined })).toBe(
        `a delegated key signs transfers only, not ${command}`,
      );
    }
  });

  it('covers no other job, role or party', () => {
    expect(delegationRefusal(CLAIMS, { ...TRANSFER, jobId: 'another-job' })).toBe(
      `the key is delegated for job ${CLAIMS.jobId}, not another-job`,
    );
    expect(delegationRefusal(CLAIMS, { ...TRANSFER, src: { role: 'host', partyId: 9999 } })).toBe(
      'the key is delegated to guest 9999, not host 9999',
    );
    expect(delegationRefusal(CLAIMS, { ...TRANSFER, src: { role: 'guest', partyId: 10000 } })).toBe(
      'the key is delegated to guest 9999, not guest 10000',
    );
  });

  it("covers no other component's or version's tags", () => {
    for (const tag of ['hetero_lr_1/2/residual', 'hetero_lr_0/1/residual', 'hetero_lr_0/22/x', 'evaluation_0/2/x']) {
      expect(delegationRefusal(CLAIMS, { ...TRANSFER, transferTag: tag })).toBe(
        `the key is delegated for tags hetero_lr_0/2/…, not ${JSON.stringify(tag)}`,
      );
    }
  });
});
