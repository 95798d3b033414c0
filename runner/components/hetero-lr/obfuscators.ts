import { bitLength, mod, modPow, randomBits } from '../intersection/modular.js';
import {
  type FixedBaseTable,
  fixedBasePower,
  fixedBaseTable,
  OBFUSCATOR_WINDOW_BITS,
  obfuscatorWindowBits,
} from './fixed-base.js';
import type { PaillierPublicKey } from './paillier.js';
import { inlineWork, type PaillierWork } from './paillier-work.js';

export interface ObfuscatorOptions {
  /** @default obfuscatorWindowBits for `expectedPowers`, or OBFUSCATOR_WINDOW_BITS without it */
  readonly windowBits?: number;
  /** How many obfuscators the party will draw at most (its job's rows × iterations): sizes the table. */
  readonly expectedPowers?: number;
  /** Where the batches' powers are computed: the task's threads (paillier-threads.ts). @default inlineWork */
  readonly work?: PaillierWork;
  /**
   * Uniform random bits, for h's r₀ and every α: the CSPRNG by default. Tests pass a seeded source
   * to show that the threaded and inline paths give the same ciphertexts.
   */
  readonly randomBits?: (bits: number) => bigint;
}

/**
 * Random n-th residues r^n mod n² for encryption, by fixed-base exponentiation (fixed-base.ts): 52
 * multiplications for a 1024-bit key instead of ~1,500 for r^n. `refill` computes ahead, so a
 * party can spend the time it waits for a peer on the next batch's obfuscators; the batch methods
 * compute what the pool lacks on the task's threads. Every α is drawn here, on the runner's
 * thread, in the order the obfuscators are used, whatever computes the powers.
 */
export class ObfuscatorSource {
  private readonly table: FixedBaseTable;
  private readonly alphaBits: number;
  private readonly pool: bigint[] = [];
  private readonly work: PaillierWork;
  private readonly random: (bits: number) => bigint;

  constructor(
    private readonly pk: PaillierPublicKey,
    options: ObfuscatorOptions = {},
  ) {
    this.work = options.work ?? inlineWork;
    this.random = options.randomBits ?? randomBits;
    this.alphaBits = Math.ceil(bitLength(pk.n) / 2);
    const base = modPow(this.below(pk.n), pk.n, pk.n2);
    const windowBits =
      options.windowBits ??
      (options.expectedPowers === undefined
        ? OBFUSCATOR_WINDOW_BITS
        : obfuscatorWindowBits(this.alphaBits, options.expectedPowers));
    this.table = fixedBaseTable(base, pk.n2, this.alphaBits, windowBits);
  }

  /** The table's window (obfuscatorWindowBits): what sizing it by the expected powers chose. */
  get windowBits(): number {
    return this.table.windowBits;
  }

  /** Uniform in [1, bound), by rejection. */
  private below(bound: bigint): bigint {
    const bits = bitLength(bound);
    for (;;) {
      const candidate = this.random(bits);
      if (candidate > 0n && candidate < bound) return candidate;
    }
  }

  /** Precomputes obfuscators until the pool holds `count`. */
  async refill(count: number): Promise<void> {
    const missing = count - this.pool.length;
    if (missing <= 0) return;
    const alphas = Array.from({ length: missing }, () => this.random(this.alphaBits));
    this.pool.push(...(await this.work.powers(this.table, alphas)));
  }

  /** One obfuscator: from the pool, or computed here at once. */
  next(): bigint {
    return this.pool.pop() ?? fixedBasePower(this.table, this.random(this.alphaBits));
  }

  /** `count` obfuscators, what the pool lacks computed on the task's threads first. */
  private async take(count: number): Promise<bigint[]> {
    await this.refill(count);
    return Array.from({ length: count }, () => this.next());
  }

  /** Enc(m) for a plaintext integer m (negative allowed). */
  encrypt(m: bigint): bigint {
    return this.encryptWith(m, this.next());
  }

  /** Enc(m) for each m. */
  async encryptMany(plaintexts: readonly bigint[]): Promise<bigint[]> {
    const obfuscators = await this.take(plaintexts.length);
    return plaintexts.map((m, i) => this.encryptWith(m, obfuscators[i] ?? 1n));
  }

  /** The same plaintext under fresh randomness: the receiver cannot relate it to what it sent. */
  rerandomize(c: bigint): bigint {
    return (c * this.next()) % this.pk.n2;
  }

  /** Each ciphertext re-randomised. */
  async rerandomizeMany(ciphertexts: readonly bigint[]): Promise<bigint[]> {
    const obfuscators = await this.take(ciphertexts.length);
    return ciphertexts.map((c, i) => (c * (obfuscators[i] ?? 1n)) % this.pk.n2);
  }

  private encryptWith(m: bigint, obfuscator: bigint): bigint {
    return ((1n + mod(m, this.pk.n) * this.pk.n) * obfuscator) % this.pk.n2;
  }
}
