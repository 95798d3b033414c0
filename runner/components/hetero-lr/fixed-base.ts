/**
 * Fixed-base exponentiation for the Paillier obfuscators (the Damgård–Jurik–Nielsen speed-up): with
 * h = r₀^n fixed, each obfuscator is h^α for a fresh α of half the key's bits. A table of
 * h^(d·2^(w·k)) turns h^α into one multiplication per w-bit window of α: 64 multiplications for a
 * 1024-bit key instead of ~1,500 for r^n. Plain data and pure functions, so that a worker thread
 * given the same table computes exactly what the runner's own thread would.
 */
export interface FixedBaseTable {
  readonly modulus: bigint;
  readonly windowBits: number;
  /** rows[k][d] = h^(d·2^(w·k)) mod modulus. */
  readonly rows: readonly (readonly bigint[])[];
}

export function fixedBaseTable(base: bigint, modulus: bigint, exponentBits: number, windowBits = 8): FixedBaseTable {
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
