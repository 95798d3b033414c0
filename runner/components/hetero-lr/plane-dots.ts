import { bitLength, modInv } from '../intersection/modular.js';

/**
 * Many encrypted dot products over the same ciphertexts — the gradient's Σᵢ xᵢⱼ·[[dᵢ]] for every
 * feature j — by bit planes and shared subset products, the multi-output form of Pippenger's
 * method. The rows are cut into chunks of g; per chunk, the products of every subset of its g
 * ciphertexts (2^g − g − 1 multiplications) serve every column and every bit: bit k of column j's
 * exponents over the chunk's rows is a g-bit pattern, and the chunk adds the product of that
 * subset to the (j, k) accumulator with one multiplication. Each column then folds its planes by
 * Horner (k squarings). For the demo's 20 columns × 320 rows of 28-bit exponents that is ≈ 32,000
 * multiplications mod n² where one Pippenger per column took ≈ 55,000: the subset products are
 * shared by all the columns.
 *
 * Negative exponents: every exponent is shifted by 2^B (B the bit length of the largest
 * magnitude), so all are positive, and the shift's Π [[dᵢ]]^(2^B) is taken off each column with
 * one inverse per batch, shared by the columns (not one per column, nor full-size negatives).
 */
export interface GradientExponents {
  readonly rows: number;
  readonly columns: number;
  /** Bits of the shifted exponents: the planes. */
  readonly planes: number;
  /** B when the exponents were shifted by 2^B (some were negative); undefined when none were. */
  readonly shiftBits: number | undefined;
  /** g: rows per chunk (the last may have fewer). */
  readonly chunkRows: number;
  /** patterns[(c·columns + j)·planes + k]: bit k of column j's exponents over chunk c, its row t at bit t. */
  readonly patterns: Uint16Array;
}

/** The chunk size minimising chunks·(subset products + one multiplication per column and plane). */
function bestChunk(rows: number, lookups: number): number {
  let best = 1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let g = 1; g <= 12; g += 1) {
    const cost = Math.ceil(rows / g) * (2 ** g - g - 1 + lookups);
    if (cost < bestCost) [best, bestCost] = [g, cost];
  }
  return best;
}

/** Splits the columns' exponents (columns[j][i] for row i) into bit-plane patterns, once per batch. */
export function gradientExponents(columns: readonly (readonly bigint[])[]): GradientExponents {
  const rows = columns[0]?.length ?? 0;
  for (const [j, column] of columns.entries()) {
    if (column.length !== rows) throw new RangeError(`column ${j} has ${column.length} exponents, column 0 ${rows}`);
  }
  // A loop, not Math.max(...): a full-batch gradient can have millions of exponents.
  let bits = 0;
  let negative = false;
  for (const column of columns) {
    for (const e of column) {
      bits = Math.max(bits, bitLength(e < 0n ? -e : e));
      negative ||= e < 0n;
    }
  }
  const shiftBits = negative ? bits : undefined;
  const shift = shiftBits === undefined ? 0n : 1n << BigInt(shiftBits);
  const planes = shiftBits === undefined ? bits : bits + 1;
  const chunkRows = bestChunk(rows, columns.length * planes);
  const chunks = Math.ceil(rows / chunkRows);
  const patterns = new Uint16Array(chunks * columns.length * planes);
  columns.forEach((column, j) => {
    column.forEach((e, i) => {
      const c = Math.floor(i / chunkRows);
      const bit = 1 << (i % chunkRows);
      const shifted = (e + shift).toString(2);
      for (let k = 0; k < shifted.length; k += 1) {
        const slot = (c * columns.length + j) * planes + k;
        if (shifted[shifted.length - 1 - k] === '1') patterns[slot] = (patterns[slot] ?? 0) | bit;
      }
    });
  });
  return { rows, columns: columns.length, planes, shiftBits, chunkRows, patterns };
}

/** The number of chunks: what the task's threads split between them (whole chunks each). */
export function chunkCount(exponents: GradientExponents): number {
  return Math.ceil(exponents.rows / exponents.chunkRows);
}

/**
 * Over chunks [first, first + count) — `bases` holds exactly their rows' ciphertexts — each
 * column's product Πᵢ cᵢ^(shifted eᵢⱼ), then the product of the bases (for the shift): columns + 1
 * numbers, which `combineGradient` multiplies with the other threads' to the result.
 */
export function partialGradient(
  modulus: bigint,
  exponents: GradientExponents,
  first: number,
  count: number,
  bases: readonly bigint[],
): bigint[] {
  const { columns, planes, chunkRows, patterns } = exponents;
  const rows = Math.min(exponents.rows, (first + count) * chunkRows) - first * chunkRows;
  if (bases.length !== rows) throw new RangeError(`${bases.length} ciphertexts for ${rows} rows of exponents`);
  const planeProducts: (bigint | undefined)[] = new Array(columns * planes);
  const subsets: bigint[] = new Array(1 << chunkRows);
  let total = 1n;
  for (let c = first; c < first + count; c += 1) {
    const offset = (c - first) * chunkRows;
    const size = Math.min(chunkRows, bases.length - offset);
    subsets[0] = 1n;
    for (let s = 1; s < 1 << size; s += 1) {
      const low = s & -s;
      const base = bases[offset + 31 - Math.clz32(low)] ?? 1n;
      subsets[s] = s === low ? base : ((subsets[s ^ low] ?? 1n) * base) % modulus;
    }
    total = (total * (subsets[(1 << size) - 1] ?? 1n)) % modulus;
    for (let slot = 0; slot < columns * planes; slot += 1) {
      const pattern = patterns[c * columns * planes + slot] ?? 0;
      if (pattern === 0) continue;
      const subset = subsets[pattern] ?? 1n;
      const product = planeProducts[slot];
      planeProducts[slot] = product === undefined ? subset : (product * subset) % modulus;
    }
  }
  const results: bigint[] = [];
  for (let j = 0; j < columns; j += 1) {
    let acc = 1n;
    for (let k = planes - 1; k >= 0; k -= 1) {
      if (acc !== 1n) acc = (acc * acc) % modulus;
      const product = planeProducts[j * planes + k];
      if (product !== undefined) acc = (acc * product) % modulus;
    }
    results.push(acc);
  }
  results.push(total);
  return results;
}

/** Each column's Enc(Σᵢ eᵢⱼ·mᵢ) from the threads' partials (in any order): the shift taken off. */
export function combineGradient(
  modulus: bigint,
  exponents: GradientExponents,
  partials: readonly (readonly bigint[])[],
): bigint[] {
  const product = (index: number) => partials.reduce((acc, partial) => (acc * (partial[index] ?? 1n)) % modulus, 1n);
  const columns = Array.from({ length: exponents.columns }, (_, j) => product(j));
  if (exponents.shiftBits === undefined) return columns;
  let shift = product(exponents.columns);
  for (let k = 0; k < exponents.shiftBits; k += 1) shift = (shift * shift) % modulus;
  const unshift = modInv(shift, modulus);
  return columns.map((c) => (c * unshift) % modulus);
}
