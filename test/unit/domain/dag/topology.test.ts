import { describe, expect, it } from '@jest/globals';
import { createDag, type Dag } from '../../../../functions/domain/dag/dag.js';
import {
  assertAcyclic,
  findCycle,
  topologicalStages,
  withDownstream,
  withUpstream,
} from '../../../../functions/domain/dag/topology.js';
import { ArgumentError } from '../../../../functions/domain/errors.js';

/** A DAG from `name: [its upstream components]`, names in the order given. */
const dagOf = (upstream: Record<string, string[]>): Dag =>
  createDag(Object.keys(upstream), new Map(Object.entries(upstream)));

/**
 * The hetero-lr-with-validation shape:
 *   reader_t → transform_t → scale_t → lr → eval
 *   reader_v → transform_v → scale_v ↗
 * with transform_v also reading transform_t's model and scale_v reading scale_t's.
 */
const branching = dagOf({
  reader_t: [],
  reader_v: [],
  transform_t: ['reader_t'],
  transform_v: ['reader_v', 'transform_t'],
  scale_t: ['transform_t'],
  scale_v: ['transform_v', 'scale_t'],
  lr: ['scale_t', 'scale_v'],
  eval: ['lr'],
  lonely: [],
});

describe('createDag', () => {
  it('derives the downstream lists, in DSL order', () => {
    expect(Object.fromEntries(branching.downstream)).toEqual({
      reader_t: ['transform_t'],
      reader_v: ['transform_v'],
      transform_t: ['transform_v', 'scale_t'],
      transform_v: ['scale_v'],
      scale_t: ['scale_v', 'lr'],
      scale_v: ['lr'],
      lr: ['eval'],
      eval: [],
      lonely: [],
    });
  });

  it('drops duplicate upstream entries and sorts them in DSL order', () => {
    const dag = dagOf({ a: [], b: [], c: ['b', 'a', 'b'] });
    expect(dag.upstream.get('c')).toEqual(['a', 'b']);
    expect(dag.downstream.get('b')).toEqual(['c']);
  });
});

describe('topologicalStages', () => {
  it('puts each component one stage after its latest upstream, DSL order within a stage', () => {
    expect(topologicalStages(branching)).toEqual([
      ['reader_t', 'reader_v', 'lonely'],
      ['transform_t'],
      ['transform_v', 'scale_t'],
      ['scale_v'],
      ['lr'],
      ['eval'],
    ]);
  });

  it('gives a chain one stage per component', () => {
    expect(topologicalStages(dagOf({ a: [], b: ['a'], c: ['b'] }))).toEqual([['a'], ['b'], ['c']]);
  });

  it('puts independent components together in the first stage', () => {
    expect(topologicalStages(dagOf({ z: [], y: [], x: [] }))).toEqual([['z', 'y', 'x']]);
  });

  it('places a component by its longest upstream path, not its shortest', () => {
    expect(topologicalStages(dagOf({ a: [], b: ['a'], c: ['b'], d: ['a', 'c'] }))).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
    ]);
  });

  it('refuses a cyclic graph with the cycle error', () => {
    expect(() => topologicalStages(dagOf({ a: [], b: ['a', 'c'], c: ['b'] }))).toThrow(
      'dsl.components: the component graph has a cycle: b → c → b',
    );
  });
});

describe('findCycle', () => {
  it('returns undefined for an acyclic graph', () => {
    expect(findCycle(branching)).toBeUndefined();
  });

  it('finds a self-loop', () => {
    expect(findCycle(dagOf({ a: [], b: ['a', 'b'] }))).toEqual(['b', 'b']);
  });

  it('finds a 2-cycle, in the direction data flows', () => {
    expect(findCycle(dagOf({ a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a']);
  });

  it('finds a 3-cycle inside a bigger graph and names only its members, in order', () => {
    const dag = dagOf({
      reader_0: [],
      side: ['reader_0'],
      a: ['reader_0', 'c'],
      b: ['a'],
      c: ['b'],
      after: ['c'],
      other: ['side'],
    });
    expect(findCycle(dag)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds a cycle that is not reachable from the first component', () => {
    expect(findCycle(dagOf({ root: [], x: ['z'], y: ['x'], z: ['y'] }))).toEqual(['x', 'y', 'z', 'x']);
  });

  it('copes with a long chain without overflowing the stack', () => {
    const length = 20_000;
    const upstream: Record<string, string[]> = { c0: [`c${length - 1}`] };
    for (let index = 1; index < length; index += 1) upstream[`c${index}`] = [`c${index - 1}`];
    const cycle = findCycle(dagOf(upstream));
    expect(cycle).toHaveLength(length + 1);
    expect(cycle?.[0]).toBe('c0');
    expect(cycle?.[length - 1]).toBe(`c${length - 1}`);
    expect(cycle?.[length]).toBe('c0');
  });
});

describe('assertAcyclic', () => {
  it('throws an ArgumentError with the cycle in its details', () => {
    let caught: unknown;
    try {
      assertAcyclic(dagOf({ a: ['b'], b: ['a'] }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect(caught).toMatchObject({
      retcode: 101,
      message: 'dsl.components: the component graph has a cycle: a → b → a',
      details: { field: 'dsl.components', cycle: ['a', 'b', 'a'] },
    });
  });

  it('accepts an acyclic graph', () => {
    expect(() => assertAcyclic(branching)).not.toThrow();
  });
});

describe('withDownstream', () => {
  it('gives a component and everything that depends on it, in DSL order (what a rerun reruns)', () => {
    expect(withDownstream(branching, ['transform_t'])).toEqual([
      'transform_t',
      'transform_v',
      'scale_t',
      'scale_v',
      'lr',
      'eval',
    ]);
  });

  it('gives a leaf alone', () => {
    expect(withDownstream(branching, ['eval'])).toEqual(['eval']);
  });

  it('unites the closures of several components', () => {
    expect(withDownstream(branching, ['scale_v', 'lonely'])).toEqual(['scale_v', 'lr', 'eval', 'lonely']);
  });

  it('gives everything from the roots', () => {
    expect(withDownstream(branching, ['reader_t', 'reader_v', 'lonely'])).toEqual(branching.names);
  });

  it('ignores names the graph does not have', () => {
    expect(withDownstream(branching, ['nope'])).toEqual([]);
  });
});

describe('withUpstream', () => {
  it('gives a component and everything it depends on, in DSL order', () => {
    expect(withUpstream(branching, ['scale_v'])).toEqual([
      'reader_t',
      'reader_v',
      'transform_t',
      'transform_v',
      'scale_t',
      'scale_v',
    ]);
  });

  it('gives a root alone', () => {
    expect(withUpstream(branching, ['reader_v'])).toEqual(['reader_v']);
  });

  it('unites the closures of several components', () => {
    expect(withUpstream(branching, ['scale_t', 'lonely'])).toEqual(['reader_t', 'transform_t', 'scale_t', 'lonely']);
  });
});
