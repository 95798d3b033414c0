/**
 * A job's component graph: names in DSL order and the direct dependencies of each component.
 * Built (and checked) by `buildDag`; read with the queries in `topology.ts`.
 */
export interface Dag {
  /** Component names in the order the DSL lists them; every ordering tie is broken by it. */
  readonly names: readonly string[];
  /** name → the components it reads from (direct upstream), without duplicates, in DSL order. */
  readonly upstream: ReadonlyMap<string, readonly string[]>;
  /** name → the components that read from it (direct downstream), in DSL order. */
  readonly downstream: ReadonlyMap<string, readonly string[]>;
}

export function createDag(names: readonly string[], upstream: ReadonlyMap<string, readonly string[]>): Dag {
  const position = new Map(names.map((name, index) => [name, index]));
  const byPosition = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const downstream = new Map<string, string[]>(names.map((name) => [name, []]));
  const sortedUpstream = new Map<string, string[]>();
  for (const name of names) {
    const ups = [...new Set(upstream.get(name) ?? [])].sort(byPosition);
    sortedUpstream.set(name, ups);
    for (const up of ups) downstream.get(up)?.push(name);
  }
  for (const list of downstream.values()) list.sort(byPosition);
  return { names: [...names], upstream: sortedUpstream, downstream };
}
