import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runnerBundle } from '../local/launcher/runner-bundle.js';
import type { TaskThreads } from '../runner/components/component.js';
import { PaillierDecryptor } from '../runner/components/hetero-lr/decryptor.js';
import { encodeFixed } from '../runner/components/hetero-lr/fixed-point.js';
import { featureExponents } from '../runner/components/hetero-lr/gradient-exchange.js';
import { prepareExponents } from '../runner/components/hetero-lr/multiexp.js';
import { ObfuscatorSource } from '../runner/components/hetero-lr/obfuscators.js';
import { generatePaillierKey } from '../runner/components/hetero-lr/paillier.js';
import { paillierWork } from '../runner/components/hetero-lr/paillier-threads.js';
import { inlineWork } from '../runner/components/hetero-lr/paillier-work.js';
import { type Figure, median } from './report.js';

/**
 * HeteroLR's Paillier work for one mini-batch of the demo job (breast: 320 rows, the guest's 10
 * features + intercept, the host's 20; a 1024-bit key), on 1 thread and on 2 worker threads started
 * from the runner's bundle as a task with task_cores 2 starts them. Per operation, medians of ROUNDS (1 and 2 threads in alternation):
 * - `encrypt_320`: the host's forwards, obfuscators computed then (none pooled ahead);
 * - `gradient_host_20x320` / `gradient_guest_11x320`: the encrypted gradient's dot products;
 * - `decrypt_32`: what the arbiter decrypts per batch (11 + 20 gradient values and the loss).
 * Then, on the runner's thread, the gradients by bit planes (plane-dots.ts, what HeteroLR uses)
 * against one Pippenger per column (multiexp.ts, what it used before), in alternation.
 * Beside each wall time, the process's CPU time (all its threads): on a machine other work keeps
 * busy, wall times cannot show the second core, while equal CPU times show what the threads cost.
 */
const ROUNDS = 5;
const ROWS = 320;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Breast-like features: values of a few units, scaled as FATE's fixed point encodes them. */
function features(columns: number): number[][] {
  return Array.from({ length: ROWS }, (_, i) =>
    Array.from({ length: columns }, (_, j) => Math.sin(i * 31 + j * 7) * 2.5 + (j % 3)),
  );
}

/**
 * Each operation timed on 1 and on 2 threads in alternation, round after round: on a machine
 * shared with other work, the load then weighs on both alike.
 */
async function paired(bodies: readonly (() => Promise<unknown>)[]): Promise<{ wall: number[]; cpu: number[] }[]> {
  for (const body of bodies) await body();
  const samples = bodies.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, body] of bodies.entries()) {
      const start = performance.now();
      // The process's CPU time counts every thread's: what the threads add beyond the work itself.
      const cpu = process.cpuUsage();
      await body();
      const used = process.cpuUsage(cpu);
      samples[i]?.wall.push(performance.now() - start);
      samples[i]?.cpu.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

export async function benchPaillier(): Promise<Figure[]> {
  const key = await generatePaillierKey(1024);
  const pk = key.publicKey;
  const fore = await new ObfuscatorSource(pk).encryptMany(
    Array.from({ length: ROWS }, (_, i) => BigInt(i * 7919 - 1_000_000) << 20n),
  );
  const host = featureExponents(features(20), 20, 23, false);
  const guest = featureExponents(features(10), 10, 23, true);
  // As the runner starts its threads (runner/entry.ts): from the thread entry beside the bundle.
  const threadEntry = join(dirname(await runnerBundle(ROOT)), 'thread-entry.mjs');
  const threads = (count: number): TaskThreads => ({
    count,
    start: (kind) => new Worker(threadEntry, { workerData: { fateFlowWorker: kind } }),
  });
  const figures: Figure[] = [];
  const works = [paillierWork(threads(1)), paillierWork(threads(2))];
  try {
    const sources = works.map((work) => new ObfuscatorSource(pk, { work }));
    const decryptors = works.map((work) => new PaillierDecryptor(key, work));
    const plaintexts = Array.from({ length: ROWS }, (_, i) => BigInt(i) << 30n);
    const operations: Record<string, (i: number) => Promise<unknown>> = {
      encrypt_320: (i) => sources[i]?.encryptMany(plaintexts) ?? Promise.resolve(),
      gradient_host_20x320: (i) => works[i]?.gradient(pk, fore, host) ?? Promise.resolve(),
      gradient_guest_11x320: (i) => works[i]?.gradient(pk, fore, guest) ?? Promise.resolve(),
      decrypt_32: (i) => decryptors[i]?.decryptMany(fore.slice(0, 32)) ?? Promise.resolve(),
    };
    for (const [name, operation] of Object.entries(operations)) {
      const [one, two] = await paired([() => operation(0), () => operation(1)]);
      const [wall1, wall2] = [median(one?.wall ?? []), median(two?.wall ?? [])];
      figures.push(
        { metric: `${name}_threads_1_ms`, value: wall1, unit: 'ms', runs: ROUNDS },
        { metric: `${name}_threads_2_ms`, value: wall2, unit: 'ms', runs: ROUNDS },
        { metric: `${name}_speedup_2_threads`, value: wall1 / wall2, unit: 'x', runs: ROUNDS },
        { metric: `${name}_threads_1_cpu_ms`, value: median(one?.cpu ?? []), unit: 'ms', runs: ROUNDS },
        { metric: `${name}_threads_2_cpu_ms`, value: median(two?.cpu ?? []), unit: 'ms', runs: ROUNDS },
      );
    }
  } finally {
    await Promise.all(works.map((work) => work.close()));
  }
  for (const [name, columns] of [
    ['gradient_host_20x320', 20],
    ['gradient_guest_11x320', 10],
  ] as const) {
    const rows = features(columns);
    const planes = featureExponents(rows, columns, 23, columns === 10);
    const pippenger = Array.from({ length: columns }, (_, j) =>
      prepareExponents(rows.map((x) => encodeFixed(x[j] ?? 0, 23))),
    );
    if (columns === 10) pippenger.push(prepareExponents(rows.map(() => 1n << 23n)));
    const [byPlanes, byPippenger] = await paired([
      () => inlineWork.gradient(pk, fore, planes),
      () => inlineWork.dots(pk, fore, pippenger),
    ]);
    figures.push(
      { metric: `${name}_planes_cpu_ms`, value: median(byPlanes?.cpu ?? []), unit: 'ms', runs: ROUNDS },
      { metric: `${name}_pippenger_cpu_ms`, value: median(byPippenger?.cpu ?? []), unit: 'ms', runs: ROUNDS },
    );
  }
  return figures;
}
