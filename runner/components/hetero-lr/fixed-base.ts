/**
 * Fixed-base exponentiation for the Paillier obfuscators (the Damgård–Jurik–Nielsen speed-up): with
 * h = r₀^n fixed, each obfuscator is h^α for a fresh α of half the key's bits. A table of
 * h^(d·2^(w·k)) turns h^α into one multiplication per w-bit window of α: 52 multiplications for a
 * 1024-bit key with 10-bit windows instead of ~1,500 for r^n. Plain data and pure functions, so that a worker thread
 * given the same table computes exactly what the runner's own thread would.
 */
/**
 * 10-bit windows: 52 rows of 1,024 powers for a 1024-bit key (≈ 53,000 multiplications to build,
 * 13 MB, sent once to each worker thread), against 8-bit windows' 64 rows of 256: 19 % fewer
 * multiplications per obfuscator, which repays the larger table within the demo job's first few
 * iterations; 12-bit windows (43 rows of 4,096) save 28 % per obfuscator but cost about as much to
 * build and send as they save there (docs/paillier.md).
 */
export const OBFUSCATOR_WINDOW_BITS = 10;

/** The smallest window worth a table: below it the powers' multiplications dominate whatever the job. */
const MIN_WINDOW_BITS = 4;

/**
 * The window that costs a party the fewest multiplications in all: building the table
 * (⌈bits/w⌉ rows of 2^w − 1) and computing `powers` obfuscators (⌈bits/w⌉ each), at most
 * OBFUSCATOR_WINDOW_BITS (a larger table costs its memory and its copy to every worker thread).
 * The demo job (569 rows, 30 iterations, 512-bit α) takes the 10 bits; a job of a few iterations on
 * a small table builds a much smaller table than it would use.
 */
export function obfuscatorWindowBits(exponentBits: number, powers: number): number {
  const cost = (w: number) => Math.ceil(exponentBits / w) * ((1 << w) - 1 + powers);
  let best = MIN_WINDOW_BITS;
  for (let w = MIN_WINDOW_BITS + 1; w <= OBFUSCATOR_WINDOW_BITS; w += 1) if (cost(w) < cost(best)) best = w;
  return best;
}

export interface FixedBaseTable {
  readonly modulus: bigint;
  readonly windowBits: number;
  /** rows[k][d] = h^(d·2^(w·k)) mod modulus. */
  readonly rows: readonly (readonly bigint[])[];
}

export function fixedBaseTable(
  base: bigint,
  modulus: bigint,
  exponentBits: number,
  windowBits = OBFUSCATOR_WINDOW_BITS,
): FixedBaseTable {
  const rows: bigint[][] = [];
  let power = base % modulus;
  for (let k = 0; k * windowBits < exponentBits; k += 1) {
    const row: bigint[] = [1n, power];
    for (let d = 2; d < 1 << windowBits; d += 1) row.push(((row[d - 1] ?? 1n) * power) % modulus);
    rows.push(row);
    power = ((row[(1 << windowBits) - 1] ?? 1n) * power) % modulus;
  }
  return { modulus, windowBits, rows };
}

/** h^α mod modulus, for α below 2^(rows·windowBits). */
export function fixedBasePower(table: FixedBaseTable, alpha: bigint): bigint {
  const { modulus, windowBits, rows } = table;
  const mask = BigInt((1 << windowBits) - 1);
  let acc = 1n;
  rows.forEach((row, k) => {
    const digit = Number((alpha >> BigInt(k * windowBits)) & mask);
    if (digit !== 0) acc = (acc * (row[digit] ?? 1n)) % modulus;
  });
  return acc;
}
