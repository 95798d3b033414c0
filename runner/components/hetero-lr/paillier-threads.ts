import type { Worker } from 'node:worker_threads';
import type { TaskThreads } from '../component.js';
import type { FixedBaseTable } from './fixed-base.js';
import type { PreparedExponents } from './multiexp.js';
import type { PaillierPrivateKey, PaillierPublicKey } from './paillier.js';
import { decryptionsOf, dotsOf, inlineWork, type PaillierWork, powersOf } from './paillier-work.js';
import { chunkCount, combineGradient, type GradientExponents, partialGradient } from './plane-dots.js';

/**
 * What the runner's thread asks a Paillier worker (paillier-worker.ts). A table, a key or a batch's
 * gradient exponents is sent once to every worker under a number, before the first request that
 * names it: a worker handles its messages in order, so it always has it by then.
 */
export type PaillierRequest =
  | { readonly id: number; readonly op: 'table'; readonly ref: number; readonly table: FixedBaseTable }
  | { readonly id: number; readonly op: 'key'; readonly ref: number; readonly key: PaillierPrivateKey }
  | { readonly id: number; readonly op: 'exponents'; readonly ref: number; readonly exponents: GradientExponents }
  | { readonly id: number; readonly op: 'powers'; readonly ref: number; readonly alphas: readonly bigint[] }
  | {
      readonly id: number;
      readonly op: 'dots';
      readonly pk: PaillierPublicKey;
      readonly ciphertexts: readonly bigint[];
      readonly columns: readonly PreparedExponents[];
    }
  | {
      readonly id: number;
      readonly op: 'gradient';
      readonly ref: number;
      readonly modulus: bigint;
      /** The worker's chunks [first, first + count) of the exponents, and their rows' ciphertexts. */
      readonly first: number;
      readonly count: number;
      readonly ciphertexts: readonly bigint[];
    }
  | { readonly id: number; readonly op: 'decrypt'; readonly ref: number; readonly ciphertexts: readonly bigint[] };

/** A request before it is numbered. */
type Unnumbered = PaillierRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** A worker's answer: the request's numbers, or why it could not compute them. */
export type PaillierReply =
  | { readonly id: number; readonly result: readonly bigint[] }
  | { readonly id: number; readonly error: string };

interface Pending {
  resolve(result: bigint[]): void;
  reject(error: Error): void;
}

/** `items` cut into at most `parts` consecutive slices of sizes differing by at most one. */
export function slices<T>(items: readonly T[], parts: number): T[][] {
  const count = Math.min(parts, items.length);
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const size = Math.floor(items.length / count) + (i < items.length % count ? 1 : 0);
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
}

/**
 * The Paillier work spread over the task's threads: the runner's own and `count − 1` workers. Each
 * batch is cut into one slice per thread, in order; the workers are sent theirs, the runner's
 * thread computes the first slice itself meanwhile (it would only wait otherwise), and the slices'
 * results are put back together in the same order, so the numbers are those one thread computes.
 * (A worker per core with the runner's thread idle cost a fixed-base table copy, a thread start and
 * every slice's messages more per task, for the same cores: docs/paillier.md.) A worker that dies
 * fails every request it held, and the work with it (the component's task fails, naming the error).
 */
class ThreadedWork implements PaillierWork {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private readonly refs = new WeakMap<object, number>();
  private nextId = 0;
  private broken: Error | undefined;

  constructor(threads: TaskThreads) {
    this.workers = Array.from({ length: threads.count - 1 }, () => this.watch(threads.start('paillier')));
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  private watch(worker: Worker): Worker {
    worker.on('message', (reply: PaillierReply) => {
      const pending = this.pending.get(reply.id);
      if (pending === undefined) return;
      this.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`a Paillier worker thread failed: ${reply.error}`));
      else pending.resolve([...reply.result]);
    });
    const fail = (error: Error) => {
      this.broken ??= error;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`a Paillier worker thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`a Paillier worker thread exited (code ${code})`)));
    return worker;
  }

  private request(worker: Worker, message: Unnumbered): Promise<bigint[]> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  /** The number every worker knows `state` by, sending it to them the first time. */
  private refOf(state: FixedBaseTable | PaillierPrivateKey | GradientExponents, send: (ref: number) => Unnumbered) {
    let ref = this.refs.get(state);
    if (ref === undefined) {
      ref = this.nextId++;
      this.refs.set(state, ref);
      const message = send(ref);
      // Acknowledged like any request; a failure to store it surfaces on the requests that follow.
      for (const worker of this.workers) this.request(worker, message).catch(() => {});
    }
    return ref;
  }

  /**
   * Slice i > 0 to worker i − 1 (`message`), slice 0 on this thread (`own`), once the workers have
   * theirs; the results in slice order. A failure of this thread's slice waits for the workers'
   * requests to settle before it is thrown.
   */
  private async split<T>(
    parts: readonly T[],
    message: (part: T) => Unnumbered,
    own: (part: T) => readonly bigint[],
  ): Promise<(readonly bigint[])[]> {
    if (this.broken !== undefined) throw this.broken;
    const [first, ...rest] = parts;
    if (first === undefined) return [];
    const others = rest.map((part, i) => this.request(this.workers[i] as Worker, message(part)));
    let mine: readonly bigint[];
    try {
      mine = own(first);
    } catch (error) {
      await Promise.allSettled(others);
      throw error;
    }
    return [mine, ...(await Promise.all(others))];
  }

  private async spread<T>(items: readonly T[], message: (slice: T[]) => Unnumbered, own: (slice: T[]) => bigint[]) {
    return (await this.split(slices(items, this.threads), message, own)).flat();
  }

  powers(table: FixedBaseTable, alphas: readonly bigint[]): Promise<bigint[]> {
    const ref = this.refOf(table, (r) => ({ op: 'table', ref: r, table }));
    return this.spread(
      alphas,
      (slice) => ({ op: 'powers', ref, alphas: slice }),
      (slice) => powersOf(table, slice),
    );
  }

  /**
   * Each worker takes a consecutive run of whole chunks (rows) for every column; the partial
   * products are multiplied here, which gives the numbers one thread computes (plane-dots.ts).
   */
  async gradient(pk: PaillierPublicKey, ciphertexts: readonly bigint[], exponents: GradientExponents) {
    if (this.broken !== undefined) throw this.broken;
    if (ciphertexts.length !== exponents.rows) {
      throw new RangeError(`${ciphertexts.length} ciphertexts for ${exponents.rows} rows of exponents`);
    }
    const ref = this.refOf(exponents, (r) => ({ op: 'exponents', ref: r, exponents }));
    const { chunkRows } = exponents;
    const chunks = slices(
      Array.from({ length: chunkCount(exponents) }, (_, c) => c),
      this.threads,
    ).map((slice) => {
      const first = slice[0] ?? 0;
      const rows = ciphertexts.slice(first * chunkRows, (first + slice.length) * chunkRows);
      return { first, count: slice.length, rows };
    });
    const partials = await this.split(
      chunks,
      ({ first, count, rows }) => ({ op: 'gradient', ref, modulus: pk.n2, first, count, ciphertexts: rows }),
      ({ first, count, rows }) => partialGradient(pk.n2, exponents, first, count, rows),
    );
    return combineGradient(pk.n2, exponents, partials);
  }

  dots(pk: PaillierPublicKey, ciphertexts: readonly bigint[], columns: readonly PreparedExponents[]) {
    return this.spread(
      columns,
      (slice) => ({ op: 'dots', pk, ciphertexts, columns: slice }),
      (slice) => dotsOf(pk, ciphertexts, slice),
    );
  }

  decrypt(key: PaillierPrivateKey, ciphertexts: readonly bigint[]): Promise<bigint[]> {
    const ref = this.refOf(key, (r) => ({ op: 'key', ref: r, key }));
    return this.spread(
      ciphertexts,
      (slice) => ({ op: 'decrypt', ref, ciphertexts: slice }),
      (slice) => decryptionsOf(key, slice),
    );
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the Paillier worker threads are closed');
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The task's Paillier work: on worker threads when it has more than one core, on its own thread otherwise. */
export function paillierWork(threads: TaskThreads | undefined): PaillierWork {
  return threads === undefined || threads.count <= 1 ? inlineWork : new ThreadedWork(threads);
}
