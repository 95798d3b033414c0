import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { DATA_INPUT_KEYS } from '../../../../functions/domain/job/dsl-schema.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { minimalConf } from '../../../fixtures/jobs.js';

/**
 * A random acyclic job: components c0..c(n-1), each reading the `data` output of a random subset of
 * lower-numbered components (spread over random data input keys), listed in a random order.
 */
interface RandomJob {
  /** upstream[i]: the indexes component i reads from, all < i. */
  readonly upstream: readonly (readonly number[])[];
  /** The order the DSL lists the components in (a permutation of 0..n-1). */
  readonly order: readonly number[];
  /** The data input key each reference goes under. */
  readonly keys: readonly (readonly (typeof DATA_INPUT_KEYS)[number][])[];
}

const name = (index: number) => `c${index}`;

const randomJob: fc.Arbitrary<RandomJob> = fc.integer({ min: 1, max: 14 }).chain((count) => {
  const indexes = Array.from({ length: count }, (_, index) => index);
  const upstreamOf = (index: number) =>
    fc
      .subarray(indexes.slice(0, index))
      .chain((ups) =>
        fc.tuple(
          fc.constant(ups),
          fc.array(fc.constantFrom(...DATA_INPUT_KEYS), { minLength: ups.length, maxLength: ups.length }),
        ),
      );
  return fc
    .tuple(fc.tuple(...indexes.map(upstreamOf)), fc.shuffledSubarray(indexes, { minLength: count, maxLength: count }))
    .map(([perComponent, order]) => ({
      upstream: perComponent.map(([ups]) => ups),
      keys: perComponent.map(([, keys]) => keys),
      order,
    }));
});

function dslOf(job: RandomJob): { components: Record<string, unknown> } {
  const components: Record<string, unknown> = {};
  for (const index of job.order) {
    const ups = job.upstream[index] ?? [];
    const data: Record<string, string[]> = {};
    ups.forEach((up, position) => {
      const key = job.keys[index]?.[position] ?? 'data';
      data[key] = [...(data[key] ?? []), `${name(up)}.data`];
    });
    components[name(index)] =
      ups.length === 0
        ? { module: 'Reader', output: { data: ['data'] } }
        : { module: 'DataTransform', input: { data }, output: { data: ['data'] } };
  }
  return { components };
}

/** Number of components on the longest path ending at each component. */
function longestPaths(job: RandomJob): number[] {
  const longest: number[] = [];
  job.upstream.forEach((ups, index) => {
    longest[index] = 1 + Math.max(0, ...ups.map((up) => longest[up] ?? 0));
  });
  return longest;
}

/** Every ancestor (direct or not) of each component. */
function ancestorsOf(job: RandomJob): Set<number>[] {
  const ancestors: Set<number>[] = [];
  job.upstream.forEach((ups, index) => {
    ancestors[index] = new Set(ups.flatMap((up) => [up, ...(ancestors[up] ?? [])]));
  });
  return ancestors;
}

describe('planJob on random acyclic DSLs', () => {
  it('puts every component in exactly one stage, after all of its upstream components', () => {
    fc.assert(
      fc.property(randomJob, (job) => {
        const plan = planJob(dslOf(job), minimalConf());
        const stageOf = new Map<string, number>();
        plan.stages.forEach((stage, position) => {
          for (const component of stage) {
            expect(stageOf.has(component)).toBe(false);
            stageOf.set(component, position);
          }
        });
        expect([...stageOf.keys()].sort()).toEqual(job.upstream.map((_, index) => name(index)).sort());
        job.upstream.forEach((ups, index) => {
          for (const up of ups) expect(stageOf.get(name(up)) ?? -1).toBeLessThan(stageOf.get(name(index)) ?? -1);
        });
        for (const component of plan.components) expect(component.stage).toBe(stageOf.get(component.name));
      }),
      { numRuns: 300 },
    );
  });

  it('starts with exactly the components without upstream, in DSL order, and has no empty stage', () => {
    fc.assert(
      fc.property(randomJob, (job) => {
        const plan = planJob(dslOf(job), minimalConf());
        const roots = job.order.filter((index) => (job.upstream[index] ?? []).length === 0).map(name);
        expect(plan.stages[0]).toEqual(roots);
        for (const stage of plan.stages) expect(stage.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('has as many stages as the longest path has components', () => {
    fc.assert(
      fc.property(randomJob, (job) => {
        const plan = planJob(dslOf(job), minimalConf());
        expect(plan.stages).toHaveLength(Math.max(...longestPaths(job)));
        job.upstream.forEach((_, index) => {
          expect(plan.components.find((component) => component.name === name(index))?.stage).toBe(
            (longestPaths(job)[index] ?? 0) - 1,
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it('lists components in DSL order within each stage and records each edge both ways', () => {
    fc.assert(
      fc.property(randomJob, (job) => {
        const plan = planJob(dslOf(job), minimalConf());
        const position = new Map(job.order.map((index, at) => [name(index), at]));
        for (const stage of plan.stages) {
          const positions = stage.map((component) => position.get(component) ?? -1);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
        for (const component of plan.components) {
          const index = Number(component.name.slice(1));
          expect([...component.upstream].sort()).toEqual([...new Set((job.upstream[index] ?? []).map(name))].sort());
          for (const down of component.downstream) {
            expect(plan.components.find((other) => other.name === down)?.upstream).toContain(component.name);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses the DSL with a cycle error once an ancestor also reads one of its descendants', () => {
    const withBackEdge = randomJob
      .filter((job) => job.upstream.some((ups) => ups.length > 0))
      .chain((job) => {
        const pairs = ancestorsOf(job).flatMap((ancestors, index) => [...ancestors].map((up) => [up, index] as const));
        return fc.tuple(fc.constant(job), fc.constantFrom(...pairs));
      });
    fc.assert(
      fc.property(withBackEdge, ([job, [ancestor, descendant]]) => {
        const upstream = job.upstream.map((ups, index) => (index === ancestor ? [...ups, descendant] : ups));
        const keys = job.keys.map((list, index) => (index === ancestor ? [...list, 'data' as const] : list));
        let caught: unknown;
        try {
          planJob(dslOf({ ...job, upstream, keys }), minimalConf());
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ArgumentError);
        expect(caught).toHaveProperty('retcode', 101);
        expect(caught).toHaveProperty('message', expect.stringContaining('cycle'));
        const cycle = (caught as ArgumentError).details?.cycle;
        if (!Array.isArray(cycle)) throw new Error('the cycle is missing from the details');
        expect(cycle.length).toBeGreaterThanOrEqual(3);
        expect(cycle[0]).toBe(cycle[cycle.length - 1]);
        for (let at = 1; at < cycle.length; at += 1) {
          const from = Number(String(cycle[at - 1]).slice(1));
          const to = Number(String(cycle[at]).slice(1));
          expect(upstream[to]).toContain(from);
        }
        expect((caught as ArgumentError).message).toBe(
          `dsl.components: the component graph has a cycle: ${cycle.join(' → ')}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});
