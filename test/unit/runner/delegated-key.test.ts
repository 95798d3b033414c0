import { describe, expect, it } from '@jest/globals';
import { publicKeyOf } from '../../../functions/domain/signing/keys.js';
import { delegatedKey, RENEW_BEFORE_SECONDS } from '../../../runner/delegation/delegated-key.js';

describe("the runner's delegated key", () => {
  it('is made once, certified on first use, and kept while its certificate has time left', async () => {
    let now = 1_000_000_000_000;
    const asked: string[] = [];
    const key = delegatedKey(
      async (publicKey) => {
        asked.push(publicKey);
        return { certificate: `certificate-${asked.length}`, notAfter: now / 1000 + 3600 };
      },
      () => now,
    );

    const first = await key();
    now += (3600 - RENEW_BEFORE_SECONDS - 1) * 1000;
    const later = await key();

    expect(first).toEqual({ secretKey: later.secretKey, certificate: 'certificate-1' });
    expect(later.certificate).toBe('certificate-1');
    expect(asked).toEqual([publicKeyOf(first.secretKey)]);
  });

  it('renews the certificate of the same key once less than RENEW_BEFORE_SECONDS are left', async () => {
    let now = 1_000_000_000_000;
    const asked: string[] = [];
    const key = delegatedKey(
      async (publicKey) => {
        asked.push(publicKey);
        return { certificate: `certificate-${asked.length}`, notAfter: Math.floor(now / 1000) + 3600 };
      },
      () => now,
    );

    const first = await key();
    now += (3600 - RENEW_BEFORE_SECONDS) * 1000;
    const renewed = await key();

    expect(renewed).toEqual({ secretKey: first.secretKey, certificate: 'certificate-2' });
    expect(asked).toEqual([publicKeyOf(first.secretKey), publicKeyOf(first.secretKey)]);
  });

  it('asks once for parts sent at the same time, and asks again after a refusal', async () => {
    let calls = 0;
    let refuse = true;
    const key = delegatedKey(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (refuse) throw new Error('the site refused');
      return { certificate: 'c', notAfter: Math.floor(Date.now() / 1000) + 3600 };
    });

    await expect(Promise.all([key(), key(), key()])).rejects.toThrow('the site refused');
    expect(calls).toBe(1);
    refuse = false;
    const answers = await Promise.all([key(), key()]);
    expect(answers.map((answer) => answer.certificate)).toEqual(['c', 'c']);
    expect(calls).toBe(2);
  });
});
