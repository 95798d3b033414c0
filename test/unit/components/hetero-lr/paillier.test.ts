import { checkPrimeSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { PrivateKey, PublicKey } from 'paillier-bigint';
import { PaillierDecryptor } from '../../../../runner/components/hetero-lr/decryptor.js';
import {
  decodeFixed,
  encodeFixed,
  fromResidue,
  toResidue,
} from '../../../../runner/components/hetero-lr/fixed-point.js';
import { encryptedDot, prepareExponents } from '../../../../runner/components/hetero-lr/multiexp.js';
import { ObfuscatorSource } from '../../../../runner/components/hetero-lr/obfuscators.js';
import { addPlain, decrypt, generatePaillierKey, mulPlain } from '../../../../runner/components/hetero-lr/paillier.js';
import { HeteroLR } from '../../../../runner/components/hetero-lr.js';
import { modInv } from '../../../../runner/components/intersection/modular.js';

describe('fixed-point encoding', () => {
  const n = (1n << 127n) - 1n;

  it('round-trips positive and negative values through residues mod n', () => {
    for (const value of [0, 1.5, -1.5, -0.000123, Math.PI, -4096.25, 2 ** -20]) {
      expect(decodeFixed(fromResidue(toResidue(encodeFixed(value, 40), n), n), 40)).toBeCloseTo(value, 12);
    }
    expect(toResidue(encodeFixed(-1, 0), n)).toBe(n - 1n);
    expect(decodeFixed(encodeFixed(-0.3, 23), 23)).toBe(Math.round(-0.3 * 2 ** 23) / 2 ** 23);
  });

  it('refuses to encode what is not a finite number', () => {
    expect(() => encodeFixed(Number.NaN, 23)).toThrow('cannot encrypt NaN: not a finite number');
  });
});

describe('Paillier with CRT decryption and fixed-base obfuscators', () => {
  it('generates a key of exactly key_length bits from two distinct primes, for even and odd lengths', async () => {
    for (const length of [1024, 513]) {
      const key = await generatePaillierKey(length);
      expect(key.publicKey.n.toString(2)).toHaveLength(length);
      expect([key.p * key.q, key.p === key.q, checkPrimeSync(key.p), checkPrimeSync(key.q)]).toEqual([
        key.publicKey.n,
        false,
        true,
        true,
      ]);
      expect(decrypt(key, new ObfuscatorSource(key.publicKey).encrypt(31337n))).toBe(31337n);
    }
  });

  it('decrypts what paillier-bigint encrypts, and paillier-bigint decrypts what it encrypts', async () => {
    const key = await generatePaillierKey(512);
    const { n } = key.publicKey;
    const lambda = (key.p - 1n) * (key.q - 1n);
    const library = new PrivateKey(lambda, modInv(lambda, n), new PublicKey(n, n + 1n));
    const source = new ObfuscatorSource(key.publicKey);
    expect(decrypt(key, library.publicKey.encrypt(987654321n))).toBe(987654321n);
    expect(library.decrypt(source.encrypt(123456789n))).toBe(123456789n);
    expect(fromResidue(library.decrypt(source.encrypt(-5n)), n)).toBe(-5n);
  });

  it('adds plaintexts, multiplies by signed integers and re-randomises', async () => {
    const key = await generatePaillierKey(512);
    const pk = key.publicKey;
    const source = new ObfuscatorSource(pk);
    const c = source.encrypt(1000n);
    expect(fromResidue(decrypt(key, addPlain(pk, c, -1500n)), pk.n)).toBe(-500n);
    expect(fromResidue(decrypt(key, mulPlain(pk, c, -7n)), pk.n)).toBe(-7000n);
    const fresh = source.rerandomize(c);
    expect(fresh).not.toBe(c);
    expect(decrypt(key, fresh)).toBe(1000n);
  });

  it('decrypts blinded exactly as unblinded, one call after another (the blinding squared each time)', async () => {
    const key = await generatePaillierKey(512);
    const source = new ObfuscatorSource(key.publicKey);
    const decryptor = new PaillierDecryptor(key);
    const plaintexts = Array.from({ length: 40 }, (_, i) => BigInt(i * 7919 - 100_000) << 40n);
    const ciphertexts = plaintexts.map((m) => source.encrypt(m));
    const blinded = ciphertexts.map((c) => decryptor.decrypt(c));
    expect(blinded).toEqual(ciphertexts.map((c) => decrypt(key, c)));
    expect(blinded.map((m) => fromResidue(m, key.publicKey.n))).toEqual(plaintexts);
  }, 30_000);

  it('computes encrypted dot products equal to the plain ones, signs mixed', async () => {
    const key = await generatePaillierKey(512);
    const pk = key.publicKey;
    const source = new ObfuscatorSource(pk);
    const values = Array.from(
      { length: 57 },
      (_, i) => BigInt((i * 7919) % 1000) * (i % 3 === 0 ? -1n : 1n) * 2n ** 40n,
    );
    const weights = Array.from({ length: 57 }, (_, i) => encodeFixed(Math.sin(i) * 3.5, 23));
    const ciphertexts = values.map((v) => source.encrypt(v));
    const plain = values.reduce((sum, v, i) => sum + v * (weights[i] ?? 0n), 0n);
    expect(fromResidue(decrypt(key, encryptedDot(pk, ciphertexts, prepareExponents(weights))), pk.n)).toBe(plain);
    expect(fromResidue(decrypt(key, encryptedDot(pk, ciphertexts, prepareExponents(values.map(() => 0n)))), pk.n)).toBe(
      0n,
    );
  });
});

describe('HeteroLR parameters', () => {
  it('accepts the FATE hetero_lr_normal conf with FATE defaults for the rest', () => {
    const parsed = HeteroLR.parameters.parse({
      penalty: 'L2',
      tol: 0.0001,
      alpha: 0.01,
      optimizer: 'rmsprop',
      batch_size: 320,
      learning_rate: 0.15,
      encrypt_param: { key_length: 1024 },
      init_param: { init_method: 'zeros' },
      max_iter: 30,
      early_stop: 'diff',
      cv_param: { n_splits: 5, shuffle: false, random_seed: 103, need_cv: false },
      sqn_param: { update_interval_L: 3, memory_M: 5, sample_size: 5000, random_seed: null },
    });
    expect(parsed).toMatchObject({
      decay: 1,
      decay_sqrt: true,
      floating_point_precision: 23,
      predict_param: { threshold: 0.5 },
    });
    expect(parsed.init_param).toEqual({ init_method: 'zeros', init_const: 1, fit_intercept: true, random_seed: null });
  });

  it('refuses what is not implemented, saying why, and unknown names', () => {
    const messages = (value: unknown) => HeteroLR.parameters.safeParse(value).error?.issues.map((i) => i.message);
    expect(messages({ optimizer: 'sqn' })).toEqual(['optimizer "sqn" (stochastic quasi-Newton) is not implemented']);
    expect(messages({ cv_param: { need_cv: true } })).toEqual([
      'cross validation (cv_param.need_cv true) is not implemented',
    ]);
    expect(messages({ batch_size: 5 })).toEqual(['batch_size must be -1 (all rows) or at least 10']);
    expect(messages({ multi_class: 'ovo' })).toEqual([
      'multi_class must be "ovr"; multi-class labels are refused at run time',
    ]);
    expect(HeteroLR.parameters.safeParse({ learning_rat: 0.1 }).success).toBe(false);
  });
});
