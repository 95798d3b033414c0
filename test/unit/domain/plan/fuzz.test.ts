import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import * as z from 'zod';
import { isAppError } from '../../../../functions/domain/errors.js';
import { readSubmission } from '../../../../functions/domain/job/submission.js';
import { catalogOf } from '../../../../functions/domain/plan/component-catalog.js';
import { type PlanOptions, planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob } from '../../../fixtures/jobs.js';
import { fuzzRuns } from '../../../support/fuzz-runs.js';

/**
 * Whatever JSON arrives, planJob and readSubmission answer with a plan or an AppError (which the
 * API turns into a FATE envelope) — never a TypeError or a zod error. About 11,000 documents.
 */

type Outcome = 'planned' | 'refused';

function outcomeOf(call: () => unknown): Outcome {
  try {
    call();
    return 'planned';
  } catch (error) {
    if (isAppError(error)) return 'refused';
    throw error;
  }
}

const catalog = catalogOf([
  {
    module: 'Reader',
    roles: ['guest', 'host'],
    parameters: z.looseObject({ table: z.looseObject({ name: z.string() }) }),
  },
  {
    module: 'HeteroLR',
    roles: ['guest', 'host', 'arbiter'],
    parameters: z.looseObject({ max_iter: z.number().optional() }),
  },
  { module: 'Evaluation', roles: ['guest', 'host'], parameters: z.looseObject({}) },
]);
const optionsArbitrary: fc.Arbitrary<PlanOptions> = fc.constantFrom<PlanOptions>(
  {},
  { catalog },
  { catalog, strict: true },
  { pool: { cores: 4, nodes: 2, maxCoresPercentPerJob: 0.5 } },
);

const submitBody = (body: unknown, options: PlanOptions): Outcome =>
  outcomeOf(() => {
    const { dsl, runtimeConf } = readSubmission(body);
    planJob(dsl, runtimeConf, options);
  });

// ── mutations of valid pairs ──

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  'components',
  'module',
  'input',
  'output',
  'data',
  'model',
  'need_run',
  'role',
  'common',
  'all',
  '0',
  '0|1',
  'guest',
  'arbiter',
  'local',
  'job_type',
  'task_cores',
];
const keyArbitrary = fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 6 }));

type Mutation =
  | { readonly kind: 'delete'; readonly target: number }
  | { readonly kind: 'replace'; readonly target: number; readonly value: unknown }
  | { readonly kind: 'swapType'; readonly target: number }
  | { readonly kind: 'addKey'; readonly target: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'renameKey'; readonly target: number; readonly key: string };

const target = fc.nat();
const smallJson = fc.jsonValue({ maxDepth: 2 });
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), target }),
  fc.record({ kind: fc.constant('replace' as const), target, value: smallJson }),
  fc.record({ kind: fc.constant('swapType' as const), target }),
  fc.record({ kind: fc.constant('addKey' as const), target, key: keyArbitrary, value: smallJson }),
  fc.record({ kind: fc.constant('renameKey' as const), target, key: keyArbitrary }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string;
}

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Every (parent, key) slot of a document, depth first. */
function slotsOf(root: Container): Slot[] {
  const slots: Slot[] = [];
  const visit = (node: Container) => {
    for (const key of Object.keys(node)) {
      slots.push({ parent: node, key });
      const child = (node as Record<string, unknown>)[key];
      if (isContainer(child)) visit(child);
    }
  };
  visit(root);
  return slots;
}

function put(parent: Container, key: string, value: unknown): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value of another JSON type built from `value`. */
function swapType(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 0 ? [value] : 0;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 0;
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (isContainer(value)) return Object.values(value);
  return null;
}

function applyMutation(root: Container, mutation: Mutation): void {
  const slots = slotsOf(root);
  const slot = slots[mutation.target % Math.max(1, slots.length)];
  if (slot === undefined) return;
  const { parent, key } = slot;
  const current = (parent as Record<string, unknown>)[key];
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'replace':
      put(parent, key, mutation.value);
      return;
    case 'swapType':
      put(parent, key, swapType(current));
      return;
    case 'addKey':
      if (Array.isArray(current)) current.push(mutation.value);
      else if (isContainer(current)) put(current, mutation.key, mutation.value);
      else put(parent, key, { [mutation.key]: mutation.value });
      return;
    case 'renameKey':
      if (Array.isArray(parent)) return;
      delete parent[key];
      put(parent, mutation.key, current);
      return;
  }
}

const examples = [exampleJob('hetero-lr'), exampleJob('hetero-lr-predict'), exampleJob('homo-lr-validate')];

const mutatedPair = fc
  .tuple(fc.constantFrom(0, 1, 2), fc.array(mutationArbitrary, { minLength: 1, maxLength: 5 }))
  .map(([which, mutations]) => {
    const pair = structuredClone(examples[which] ?? examples[0]);
    const root: Container = { dsl: pair?.dsl, conf: pair?.conf };
    for (const mutation of mutations) applyMutation(root, mutation);
    return { dsl: root.dsl, conf: root.conf };
  });

describe('planJob and readSubmission under fuzzing', () => {
  it('answer random JSON values given as the DSL and the conf with a plan or an AppError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), optionsArbitrary, (dsl, conf, options) => {
        outcomeOf(() => planJob(dsl, conf, options));
      }),
      { numRuns: fuzzRuns(700, 2_000) },
    );
  });

  it('answer random JSON text, parsed as a request body, with a plan or an AppError', () => {
    fc.assert(
      fc.property(fc.json(), optionsArbitrary, (text, options) => {
        submitBody(JSON.parse(text), options);
      }),
      { numRuns: fuzzRuns(500, 1_500) },
    );
  });

  it('answer random values in the places of the body keys with a plan or an AppError', () => {
    const body = fc.dictionary(
      fc.constantFrom('dsl', 'job_dsl', 'runtime_conf', 'job_runtime_conf', '__proto__', 'constructor'),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(body, optionsArbitrary, (value, options) => {
        submitBody(value, options);
      }),
      { numRuns: fuzzRuns(400, 1_000) },
    );
  });

  it('answer mutated example pairs with a plan or an AppError, and sometimes each', () => {
    const seen = { planned: 0, refused: 0 };
    fc.assert(
      fc.property(mutatedPair, optionsArbitrary, ({ dsl, conf }, options) => {
        seen[outcomeOf(() => planJob(dsl, conf, options))] += 1;
      }),
      { numRuns: fuzzRuns(1_500, 5_000) },
    );
    expect(seen.planned).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('answer mutated pairs in bodies of either spelling, or both, with a plan or an AppError', () => {
    const spelling = fc.constantFrom(
      ['dsl', 'runtime_conf'],
      ['job_dsl', 'job_runtime_conf'],
      ['dsl', 'job_runtime_conf'],
      ['dsl+job_dsl', 'runtime_conf'],
      ['dsl', 'runtime_conf+job_runtime_conf'],
    );
    fc.assert(
      fc.property(mutatedPair, spelling, optionsArbitrary, ({ dsl, conf }, [dslKeys, confKeys], options) => {
        const body: Record<string, unknown> = {};
        for (const key of dslKeys.split('+')) put(body, key, dsl);
        for (const key of confKeys.split('+')) put(body, key, conf);
        submitBody(body, options);
      }),
      { numRuns: fuzzRuns(500, 1_500) },
    );
  });
});
