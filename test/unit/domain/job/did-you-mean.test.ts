import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { productionCatalog } from '../../../../components/catalog.js';
import { closestKey, editDistance, knownKeysAt } from '../../../../functions/domain/job/known-keys.js';
import { planJob } from '../../../../functions/domain/plan/plan-job.js';
import { exampleJob, thrownBy, withValues } from '../../../fixtures/jobs.js';

describe('closestKey', () => {
  it('suggests the nearest known key within a third of the letters, case aside', () => {
    expect(editDistance('max_itr', 'max_iter')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestKey('max_itr', ['max_iter', 'alpha'])).toBe('max_iter');
    expect(closestKey('Learning_Rat', ['learning_rate', 'batch_size'])).toBe('learning_rate');
    // Two slips in a six-letter key is as far as a guess goes.
    expect(closestKey('pnealty', ['penalty'])).toBe('penalty');
    expect(closestKey('tolerance', ['tol', 'alpha'])).toBeUndefined();
  });
});

describe('knownKeysAt', () => {
  it('finds the object a path leads to through optionals, arrays, records and unions', () => {
    const schema = z.strictObject({
      a: z.strictObject({ b: z.array(z.strictObject({ c: z.number(), d: z.number() })) }).optional(),
      r: z.record(z.string(), z.strictObject({ x: z.number() })),
      u: z.union([z.strictObject({ p: z.number() }), z.strictObject({ q: z.number() })]),
    });
    expect(knownKeysAt(schema, [])).toEqual(['a', 'r', 'u']);
    expect(knownKeysAt(schema, ['a', 'b', 0])).toEqual(['c', 'd']);
    expect(knownKeysAt(schema, ['r', 'anything'])).toEqual(['x']);
    expect(knownKeysAt(schema, ['u'])).toEqual(['p', 'q']);
    expect(knownKeysAt(schema, ['nothing', 'here'])).toEqual([]);
  });
});

describe('a submission with several mistakes', () => {
  it('is refused with every one of them at once, each misspelt key with the key it most likely meant (retcode 101)', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const lr = ['component_parameters', 'common', 'hetero_lr_0'];
    const bad = withValues(conf, [
      [[...lr, 'max_itr'], 30],
      [[...lr, 'learning_rat'], 0.15],
      [[...lr, 'init_param', 'init_methd'], 'zeros'],
      [[...lr, 'colour'], 'blue'],
      [['component_parameters', 'role', 'guest', '0', 'data_transform_0', 'label_nam'], 'y'],
    ]);
    const error = thrownBy(() => planJob(dsl, bad, { catalog: productionCatalog, strict: true }));
    const lrField = 'runtime_conf.component_parameters (guest 9999, host 10000, arbiter 10000).hetero_lr_0';
    expect(error).toMatchObject({
      retcode: 101,
      message: [
        'runtime_conf.component_parameters (guest 9999).data_transform_0.label_nam: unknown key; did you mean "label_name"?',
        `${lrField}.init_param.init_methd: unknown key; did you mean "init_method"?`,
        `${lrField}.max_itr: unknown key; did you mean "max_iter"?`,
        `${lrField}.learning_rat: unknown key; did you mean "learning_rate"?`,
        `${lrField}.colour: unknown key`,
      ].join('; '),
    });
  });

  it('reports the DSL and the conf together', () => {
    const { dsl, conf } = exampleJob('hetero-lr');
    const badDsl = withValues(dsl, [[['components', 'reader_0', 'module'], 7]]);
    const badConf = withValues(conf, [[['initiator', 'party'], 9999]]);
    expect(thrownBy(() => planJob(badDsl, badConf, { catalog: productionCatalog }))).toMatchObject({
      retcode: 101,
      message:
        'dsl.components.reader_0.module: module is required and must be a string such as "Reader"; ' +
        'runtime_conf.initiator: initiator takes only "role" and "party_id", not "party"',
    });
  });
});

describe('knownKeysAt through wrappers, unions, arrays and records', () => {
  const inner = z.strictObject({ alpha: z.number(), beta: z.string() });
  const schema = z.strictObject({
    optional: inner.optional(),
    defaulted: inner.default({ alpha: 1, beta: 'b' }),
    piped: inner.transform((value) => value),
    either: z.union([inner, z.strictObject({ gamma: z.number() })]),
    list: z.array(inner),
    byName: z.record(z.string(), inner),
    plain: z.number(),
  });

  it('finds the object a path names inside optional, default, pipe, union, array and record', () => {
    expect(knownKeysAt(schema, ['optional'])).toEqual(['alpha', 'beta']);
    expect(knownKeysAt(schema, ['defaulted'])).toEqual(['alpha', 'beta']);
    expect(knownKeysAt(schema, ['piped'])).toEqual(['alpha', 'beta']);
    expect(knownKeysAt(schema, ['either'])).toEqual(['alpha', 'beta', 'gamma']);
    expect(knownKeysAt(schema, ['list', 3])).toEqual(['alpha', 'beta']);
    expect(knownKeysAt(schema, ['byName', 'any'])).toEqual(['alpha', 'beta']);
  });

  it('knows no keys where the path leads to no declared object', () => {
    expect(knownKeysAt(schema, ['plain'])).toEqual([]);
    expect(knownKeysAt(schema, ['missing'])).toEqual([]);
    expect(knownKeysAt(schema, ['optional', 0])).toEqual([]);
    expect(knownKeysAt(schema, ['plain', 'deeper'])).toEqual([]);
  });
});
