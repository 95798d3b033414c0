/**
 * A map that holds at most `capacity` entries, forgetting the one set longest ago when full. For
 * what a process derives or reads once per key and keeps: parsed keys and OpenSSL key objects
 * (signing/), the jobs' heads at the federation endpoint (federation/inbound/job-head-cache.ts).
 * The bound matters against a stream of distinct keys off the wire, which would otherwise grow the
 * map without end.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      // A Map iterates in insertion order: its first key is the oldest.
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
