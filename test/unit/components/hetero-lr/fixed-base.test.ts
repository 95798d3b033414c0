import { describe, expect, it } from '@jest/globals';
import {
  fixedBasePower,
  fixedBaseTable,
  OBFUSCATOR_WINDOW_BITS,
  obfuscatorWindowBits,
} from '../../../../runner/components/hetero-lr/fixed-base.js';
import { ObfuscatorSource } from '../../../../runner/components/hetero-lr/obfuscators.js';
import { decrypt, generatePaillierKey } from '../../../../runner/components/hetero-lr/paillier.js';
import { windowedModPow } from '../../../../runner/components/intersection/modular.js';

describe('the obfuscators’ fixed-base window', () => {
  it('is the one with the fewest multiplications for the table and the powers, within 4 to 10 bits', () => {
    // The demo job: 1024-bit key (512-bit α), 569 rows × 30 iterations. Eleven bits would cost
    // fewer multiplications but a table twice the size in memory and in each worker's copy.
    expect(obfuscatorWindowBits(512, 569 * 30)).toBe(OBFUSCATOR_WINDOW_BITS);
    // The e2e job: 512-bit key (256-bit α), 3 iterations: 32 rows of 255 (8,160 multiplications)
    // and 32 per power, against 10 bits' 26 rows of 1,023 (26,598) and 26 per power.
    expect(obfuscatorWindowBits(256, 569 * 3)).toBe(8);
    expect(obfuscatorWindowBits(256, 100)).toBe(5);
    expect(obfuscatorWindowBits(256, 0)).toBe(4);
  });

  it('gives the same powers whatever the window', () => {
    const modulus = (1n << 127n) - 1n;
    const base = 0x1234_5678_9abc_def0n;
    const alphas = [0n, 1n, (1n << 100n) - 1n, 0xdead_beef_cafe_f00d_1234n];
    for (const windowBits of [4, 5, 8, 10]) {
      const table = fixedBaseTable(base, modulus, 100, windowBits);
      for (const alpha of alphas) expect(fixedBasePower(table, alpha)).toBe(windowedModPow(base, alpha, modulus));
    }
  });

  it('sizes an obfuscator source’s table by the powers it expects, and its ciphertexts decrypt alike', async () => {
    const key = await generatePaillierKey(512);
    const small = new ObfuscatorSource(key.publicKey, { expectedPowers: 100 });
    const large = new ObfuscatorSource(key.publicKey, { expectedPowers: 569 * 30 });
    expect([small, large].map((source) => source.windowBits)).toEqual([5, OBFUSCATOR_WINDOW_BITS]);
    for (const source of [small, large]) expect(decrypt(key, source.encrypt(42n))).toBe(42n);
  });
});
