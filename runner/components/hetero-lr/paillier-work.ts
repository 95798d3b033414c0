import { type FixedBaseTable, fixedBasePower } from './fixed-base.js';
import { encryptedDot, type PreparedExponents } from './multiexp.js';
import { decrypt, type PaillierPrivateKey, type PaillierPublicKey } from './paillier.js';
import { chunkCount, combineGradient, type GradientExponents, partialGradient } from './plane-dots.js';

/**
 * The batch operations HeteroLR spends its time in: the obfuscators' fixed-base powers, the
 * gradients' encrypted dot products (and the guest's loss term) and the arbiter's decryptions. `inlineWork` does them on the
 * runner's own thread; `threadedWork` (paillier-threads.ts) spreads them over the task's cores.
 * Both call the same pure functions on the same inputs in the same order, so their results are
 * the same numbers: what is random (α, blindings) is drawn by the caller, on the runner's thread.
 */
export interface PaillierWork {
  /** How many threads share the work: 1 is the runner's own. */
  readonly threads: number;
  /** h^α for every α, from the table's h (fixed-base.ts). */
  powers(table: FixedBaseTable, alphas: readonly bigint[]): Promise<bigint[]>;
  /** Enc(Σᵢ eᵢⱼ·mᵢ) for every column j of the batch's bit-plane exponents (plane-dots.ts). */
  gradient(pk: PaillierPublicKey, ciphertexts: readonly bigint[], exponents: GradientExponents): Promise<bigint[]>;
  /** Enc(Σᵢ eᵢ·mᵢ) for every column of prepared exponents, over the same ciphertexts (Pippenger, multiexp.ts). */
  dots(pk: PaillierPublicKey, ciphertexts: readonly bigint[], columns: readonly PreparedExponents[]): Promise<bigint[]>;
  /** CRT decryption of every ciphertext (already blinded by the caller: decryptor.ts). */
  decrypt(key: PaillierPrivateKey, ciphertexts: readonly bigint[]): Promise<bigint[]>;
  /** Ends the worker threads, if any; the work refuses new calls afterwards. */
  close(): Promise<void>;
}

/**
 * The batch operations on one thread, for any slice of a batch: the inline work runs them whole,
 * the threaded work on each thread's slice, a worker on what it is sent (paillier-worker.ts).
 */
export const powersOf = (table: FixedBaseTable, alphas: readonly bigint[]): bigint[] =>
  alphas.map((alpha) => fixedBasePower(table, alpha));
export const dotsOf = (
  pk: PaillierPublicKey,
  ciphertexts: readonly bigint[],
  columns: readonly PreparedExponents[],
): bigint[] => columns.map((column) => encryptedDot(pk, ciphertexts, column));
export const decryptionsOf = (key: PaillierPrivateKey, ciphertexts: readonly bigint[]): bigint[] =>
  ciphertexts.map((c) => decrypt(key, c));

export const inlineWork: PaillierWork = {
  threads: 1,
  powers: async (table, alphas) => powersOf(table, alphas),
  gradient: async (pk, ciphertexts, exponents) =>
    combineGradient(pk.n2, exponents, [partialGradient(pk.n2, exponents, 0, chunkCount(exponents), ciphertexts)]),
  dots: async (pk, ciphertexts, columns) => dotsOf(pk, ciphertexts, columns),
  decrypt: async (key, ciphertexts) => decryptionsOf(key, ciphertexts),
  close: async () => {},
};
