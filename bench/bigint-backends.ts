import {
  crtKey,
  decrypt,
  generatePaillierKey,
  type PaillierPrivateKey,
} from '../runner/components/hetero-lr/paillier.js';
import { modPow, randomBelow } from '../runner/components/intersection/modular.js';
import { type Figure, median } from './report.js';

/**
 * Native BigInt against GMP compiled to WebAssembly (the npm package gmp-wasm) on the operations
 * HeteroLR's Paillier spends its time in, with a 1024-bit key (modulus n² of 2048 bits):
 * - `mulmod`: (a·b) mod n², the one step of the fixed-base obfuscators and Pippenger's buckets;
 *   for GMP both with the operands resident in WASM memory (a Paillier written entirely against
 *   GMP) and with each operand converted from and to BigInt (GMP behind today's BigInt code);
 * - `modpow`: r^n mod n², a plain encryption's obfuscator;
 * - `crt_decrypt`: one CRT decryption (c^(p−1) mod p², c^(q−1) mod q², recombination).
 * Figures are µs of CPU time per operation, medians of ROUNDS rounds.
 */
const ROUNDS = 7;
const MULMODS = 4000;
const POWS = 40;
const DECRYPTIONS = 40;

/** The part of gmp-wasm's low-level binding this benchmark uses (its own types ship with the package). */
interface GmpBinding {
  mpz_t(): number;
  mpz_init(x: number): void;
  mpz_mul(rop: number, a: number, b: number): void;
  mpz_mod(rop: number, n: number, d: number): void;
  mpz_powm(rop: number, base: number, exp: number, mod: number): void;
  mpz_sub_ui(rop: number, op: number, ui: number): void;
  mpz_add(rop: number, a: number, b: number): void;
  mpz_sub(rop: number, a: number, b: number): void;
  mpz_tdiv_q(q: number, n: number, d: number): void;
  mpz_set_string(x: number, text: string, base: number): number;
  mpz_to_string(x: number, base: number): string;
}

/** A specifier in a variable: the package is a benchmark-only dependency, absent from the runner's. */
const GMP_PACKAGE = 'gmp-wasm';

async function loadGmp(): Promise<GmpBinding> {
  let module: { init(): Promise<{ binding: GmpBinding }> };
  try {
    module = (await import(GMP_PACKAGE)) as typeof module;
  } catch (error) {
    throw new Error(`the bigint benchmark needs the package ${GMP_PACKAGE} (npm install --no-save ${GMP_PACKAGE})`, {
      cause: error,
    });
  }
  return (await module.init()).binding;
}

function microseconds(samples: readonly number[], per: number): number {
  return (median(samples) * 1000) / per;
}

/**
 * CPU time (ms) of each round, not wall time: the work is on this one thread, and on a machine
 * shared with other work the CPU time is what the work costs, whatever share of a core it got.
 */
function timed(rounds: number, body: () => void): number[] {
  body();
  return Array.from({ length: rounds }, () => {
    const start = process.cpuUsage();
    body();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
}

/** A GMP number holding `value` (through hex, the cheapest conversion the binding offers). */
function toMpz(gmp: GmpBinding, value: bigint, into?: number): number {
  const pointer = into ?? gmp.mpz_t();
  if (into === undefined) gmp.mpz_init(pointer);
  gmp.mpz_set_string(pointer, value.toString(16), 16);
  return pointer;
}

const fromMpz = (gmp: GmpBinding, pointer: number): bigint => BigInt(`0x${gmp.mpz_to_string(pointer, 16)}`);

/** CRT decryption in GMP, the same steps as paillier.ts's `decrypt`. */
function gmpDecrypt(gmp: GmpBinding, key: Record<string, number>, c: number, t: Record<string, number>): void {
  const half = (prime: number, square: number, minusOne: number, h: number, out: number) => {
    gmp.mpz_powm(out, c, minusOne, square);
    gmp.mpz_sub_ui(out, out, 1);
    gmp.mpz_tdiv_q(out, out, prime);
    gmp.mpz_mul(out, out, h);
    gmp.mpz_mod(out, out, prime);
  };
  half(key.p ?? 0, key.p2 ?? 0, key.pm1 ?? 0, key.hp ?? 0, t.mp ?? 0);
  half(key.q ?? 0, key.q2 ?? 0, key.qm1 ?? 0, key.hq ?? 0, t.mq ?? 0);
  gmp.mpz_sub(t.m ?? 0, t.mp ?? 0, t.mq ?? 0);
  gmp.mpz_mul(t.m ?? 0, t.m ?? 0, key.qInvP ?? 0);
  gmp.mpz_mod(t.m ?? 0, t.m ?? 0, key.p ?? 0);
  gmp.mpz_mul(t.m ?? 0, t.m ?? 0, key.q ?? 0);
  gmp.mpz_add(t.m ?? 0, t.m ?? 0, t.mq ?? 0);
}

function gmpKey(gmp: GmpBinding, key: PaillierPrivateKey): Record<string, number> {
  const entries: [string, bigint][] = [
    ['p', key.p],
    ['q', key.q],
    ['p2', key.p2],
    ['q2', key.q2],
    ['pm1', key.p - 1n],
    ['qm1', key.q - 1n],
    ['hp', key.hp],
    ['hq', key.hq],
    ['qInvP', key.qInvP],
  ];
  return Object.fromEntries(entries.map(([name, value]) => [name, toMpz(gmp, value)]));
}

export async function benchBigintBackends(): Promise<Figure[]> {
  const gmp = await loadGmp();
  const key = await generatePaillierKey(1024);
  const { n, n2 } = key.publicKey;
  const values = Array.from({ length: 64 }, () => randomBelow(n2));
  const figures: Figure[] = [];
  const add = (metric: string, samples: readonly number[], per: number) =>
    figures.push({ metric, value: microseconds(samples, per), unit: 'us_cpu/op', runs: ROUNDS });

  // mulmod: a chain acc = acc·v mod n², so neither backend can skip work.
  add(
    'bigint_mulmod_2048',
    timed(ROUNDS, () => {
      let acc = values[0] ?? 1n;
      for (let i = 0; i < MULMODS; i += 1) acc = (acc * (values[i % values.length] ?? 1n)) % n2;
    }),
    MULMODS,
  );
  const modulus = toMpz(gmp, n2);
  const resident = values.map((v) => toMpz(gmp, v));
  const acc = toMpz(gmp, 1n);
  add(
    'gmp_wasm_mulmod_2048_resident',
    timed(ROUNDS, () => {
      for (let i = 0; i < MULMODS; i += 1) {
        gmp.mpz_mul(acc, acc, resident[i % resident.length] ?? 0);
        gmp.mpz_mod(acc, acc, modulus);
      }
    }),
    MULMODS,
  );
  const left = toMpz(gmp, 1n);
  const right = toMpz(gmp, 1n);
  add(
    'gmp_wasm_mulmod_2048_from_bigint',
    timed(ROUNDS, () => {
      let result = values[0] ?? 1n;
      for (let i = 0; i < MULMODS; i += 1) {
        toMpz(gmp, result, left);
        toMpz(gmp, values[i % values.length] ?? 1n, right);
        gmp.mpz_mul(left, left, right);
        gmp.mpz_mod(left, left, modulus);
        result = fromMpz(gmp, left);
      }
    }),
    MULMODS,
  );

  // r^n mod n²: the exponent is the public n (1024 bits).
  add(
    'bigint_modpow_2048',
    timed(ROUNDS, () => {
      for (let i = 0; i < POWS; i += 1) modPow(values[i % values.length] ?? 2n, n, n2);
    }),
    POWS,
  );
  const exponent = toMpz(gmp, n);
  const power = toMpz(gmp, 1n);
  add(
    'gmp_wasm_modpow_2048',
    timed(ROUNDS, () => {
      for (let i = 0; i < POWS; i += 1) gmp.mpz_powm(power, resident[i % resident.length] ?? 0, exponent, modulus);
    }),
    POWS,
  );

  // CRT decryption of ciphertexts (any value below n² is one).
  add(
    'bigint_crt_decrypt_1024',
    timed(ROUNDS, () => {
      for (let i = 0; i < DECRYPTIONS; i += 1) decrypt(key, values[i % values.length] ?? 2n);
    }),
    DECRYPTIONS,
  );
  const mkey = gmpKey(gmp, key);
  const scratch = { mp: toMpz(gmp, 0n), mq: toMpz(gmp, 0n), m: toMpz(gmp, 0n) };
  add(
    'gmp_wasm_crt_decrypt_1024',
    timed(ROUNDS, () => {
      for (let i = 0; i < DECRYPTIONS; i += 1) gmpDecrypt(gmp, mkey, resident[i % resident.length] ?? 0, scratch);
    }),
    DECRYPTIONS,
  );
  checkAgreement(gmp, key, values, mkey, scratch);
  return figures;
}

/** The two backends compute the same numbers: a benchmark of a wrong decryption would be worthless. */
function checkAgreement(
  gmp: GmpBinding,
  key: PaillierPrivateKey,
  values: readonly bigint[],
  mkey: Record<string, number>,
  scratch: Record<string, number>,
): void {
  const c = values[1] ?? 2n;
  gmpDecrypt(gmp, mkey, toMpz(gmp, c), scratch);
  const same = crtKey(key.publicKey.n, key.p, key.q);
  if (fromMpz(gmp, scratch.m ?? 0) !== decrypt(same, c)) throw new Error('gmp-wasm and BigInt decrypt differently');
}
