import { ArgumentError } from '../errors.js';
import type { Dag } from './dag.js';

/**
 * Finds one cycle and returns it as a closed path (`[a, b, c, a]`), or undefined if the graph is
 * acyclic. Iterative depth-first search, so a deep DSL cannot overflow the stack.
 */
export function findCycle(dag: Dag): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of dag.names) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const children = dag.downstream.get(top.name) ?? [];
      const child = children[top.next];
      if (child === undefined) {
        state.set(top.name, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      top.next += 1;
      const childState = state.get(child);
      if (childState === 'open') return [...path.slice(path.indexOf(child)), child];
      if (childState === undefined) {
        state.set(child, 'open');
        stack.push({ name: child, next: 0 });
        path.push(child);
      }
    }
  }
  return undefined;
}

/** Throws FATE's loop error, naming the components of one cycle in order. */
export function assertAcyclic(dag: Dag): void {
  const cycle = findCycle(dag);
  if (cycle) {
    throw new ArgumentError(`dsl.components: the component graph has a cycle: ${cycle.join(' → ')}`, {
      details: { field: 'dsl.components', cycle },
    });
  }
}

/**
 * Topological stages: a component's stage is one more than the latest stage of its upstream
 * components, so every stage only needs the stages before it. Within a stage, DSL order.
 * The DAG must be acyclic.
 */
export function topologicalStages(dag: Dag): string[][] {
  const level = new Map<string, number>();
  const remaining = new Map(dag.names.map((name) => [name, (dag.upstream.get(name) ?? []).length]));
  let frontier = dag.names.filter((name) => remaining.get(name) === 0);
  let depth = 0;
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const name of frontier) {
      level.set(name, depth);
      for (const child of dag.downstream.get(name) ?? []) {
        const left = (remaining.get(child) ?? 0) - 1;
        remaining.set(child, left);
        if (left === 0) next.push(child);
      }
    }
    frontier = next;
    depth += 1;
  }
  if (level.size !== dag.names.length) assertAcyclic(dag);
  const stages: string[][] = Array.from({ length: depth }, () => []);
  for (const name of dag.names) stages[level.get(name) ?? 0]?.push(name);
  return stages;
}

function closure(start: readonly string[], edges: ReadonlyMap<string, readonly string[]>, dag: Dag): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const name = queue.pop();
    if (name === undefined || seen.has(name)) continue;
    seen.add(name);
    queue.push(...(edges.get(name) ?? []));
  }
  return dag.names.filter((name) => seen.has(name));
}

/** The given components and everything that depends on them, in DSL order (what a rerun reruns). */
export function withDownstream(dag: Dag, names: readonly string[]): string[] {
  return closure(names, dag.downstream, dag);
}

/** The given components and everything they depend on, in DSL order. */
export function withUpstream(dag: Dag, names: readonly string[]): string[] {
  return closure(names, dag.upstream, dag);
}
