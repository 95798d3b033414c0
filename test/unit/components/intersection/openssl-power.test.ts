import { generatePrimeSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { modPow, randomBits, windowedModPow } from '../../../../runner/components/intersection/modular.js';
import { opensslPower, opensslPowerApplies } from '../../../../runner/components/intersection/openssl-power.js';

/** An odd modulus of exactly `bits` bits. */
const oddModulus = (bits: number): bigint => randomBits(bits) | (1n << BigInt(bits - 1)) | 1n;

describe('modular exponentiation by OpenSSL (an RSA public-key operation without padding)', () => {
  it('gives what BigInt windows give, for moduli of 64 to 3,072 bits and bases 0, 1, m − 1 and random ones', () => {
    for (const bits of [64, 255, 512, 1024, 2048, 3072]) {
      const modulus = oddModulus(bits);
      const exponents = [1n << 16n, modulus - 1n, randomBits(bits - 1) | (1n << 16n), randomBits(27) | (1n << 20n)];
      const bases = [0n, 1n, modulus - 1n, randomBits(bits) % modulus, randomBits(bits) % modulus];
      for (const exponent of exponents) {
        expect(opensslPowerApplies(exponent, modulus)).toBe(true);
        for (const base of bases)
          expect([bits, opensslPower(base, exponent, modulus)]).toEqual([
            bits,
            windowedModPow(base, exponent, modulus),
          ]);
      }
    }
  });

  it("decrypts Paillier's way: c^(p − 1) mod p² for a 512-bit prime p, Fermat's little theorem mod p", () => {
    const p = generatePrimeSync(512, { bigint: true });
    const c = randomBits(1024) % (p * p);
    const power = modPow(c, p - 1n, p * p);
    expect(power).toBe(windowedModPow(c, p - 1n, p * p));
    expect(power % p).toBe(c % p === 0n ? 0n : 1n);
  });

  it('is left to BigInt where OpenSSL refuses the numbers or is not worth the call', () => {
    const modulus = oddModulus(1024);
    expect(opensslPowerApplies((1n << 16n) - 1n, modulus)).toBe(false); // a few squarings
    expect(opensslPowerApplies(modulus, modulus)).toBe(false); // e ≥ n
    expect(opensslPowerApplies(1n << 20n, modulus + 1n)).toBe(false); // an even modulus: no Montgomery form
    const large = oddModulus(3073); // a 2048-bit Paillier key's n² and up: e of at most 64 bits
    expect(opensslPowerApplies(1n << 100n, large)).toBe(false);
    expect(modPow(3n, 1n << 100n, large)).toBe(windowedModPow(3n, 1n << 100n, large));
  });
});
