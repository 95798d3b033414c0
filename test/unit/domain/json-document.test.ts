import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ArgumentError } from '../../../functions/domain/errors.js';
import {
  assertStorableDocument,
  documentProblem,
  isStorableNumber,
  jsonTextTooDeep,
} from '../../../functions/domain/json-document.js';
import { MAX_JSON_DEPTH } from '../../../functions/domain/limits.js';

const nestedText = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('jsonTextTooDeep', () => {
  it(`takes ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(jsonTextTooDeep(nestedText(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTextTooDeep(nestedText(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts arrays and objects alike', () => {
    expect(jsonTextTooDeep('[[[1]]]', 3)).toBe(false);
    expect(jsonTextTooDeep('[{"a":[1]}]', 2)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonTextTooDeep(JSON.stringify({ text: '[[[[{{{{\\"[[[[' }), 1)).toBe(false);
    expect(jsonTextTooDeep('{"a\\"[[[": 1}', 1)).toBe(false);
  });

  it('reads a million levels without recursion', () => {
    expect(jsonTextTooDeep('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toBe(true);
  });

  it('agrees with the depth of what JSON.parse builds', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null
        ? 1 + Math.max(0, ...Object.values(value).map((child) => depthOf(child)))
        : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(jsonTextTooDeep(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isStorableNumber', () => {
  it.each([0, 1, -1, 0.1, 1e-130, -1e-130, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.30000000000000004])(
    'keeps %p',
    (value) => expect(isStorableNumber(value)).toBe(true),
  );

  it.each([Number.MAX_SAFE_INTEGER + 2, 1e20, -1e300, 1e-131, 5e-324, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %p',
    (value) => expect(isStorableNumber(value)).toBe(false),
  );
});

describe('documentProblem', () => {
  it('finds nothing in a FATE conf', () => {
    expect(documentProblem({ role: { guest: [9999] }, job_parameters: { common: { task_cores: 4 } } })).toBeUndefined();
  });

  it('names where the nesting goes over the limit', () => {
    expect(documentProblem({ a: [{ b: {} }] }, 2)).toEqual({
      path: ['a', 0],
      message: 'nests objects and arrays more than 2 levels deep (the limit)',
    });
  });

  it('names the first number the store cannot keep, in document order', () => {
    expect(documentProblem({ a: 1, b: [2, 1e20], c: 1e-200 })).toEqual({
      path: ['b', 1],
      message:
        'the number 100000000000000000000 cannot be stored: numbers must be within ±9007199254740991 and, unless 0, at least 1e-130 in magnitude',
    });
  });

  it('names a "__proto__" key, which JSON.parse keeps as an own key and the store cannot', () => {
    expect(documentProblem(JSON.parse('{"a": [{"__proto__": {"polluted": true}}]}'))).toEqual({
      path: ['a', 0, '__proto__'],
      message: 'cannot be a key: the store would drop it (JavaScript reads "__proto__" as the prototype)',
    });
  });

  it('names a "constructor" key, from which the store would take the object for another type', () => {
    expect(documentProblem(JSON.parse('{"output": {"constructor": {"name": "Set"}}}'))).toEqual({
      path: ['output', 'constructor'],
      message: 'cannot be a key: the store would read the object as another type (JavaScript\'s "constructor")',
    });
  });

  it('walks a hundred thousand levels without recursion', () => {
    let value: unknown = 1;
    for (let index = 0; index < 100_000; index += 1) value = [value];
    expect(documentProblem(value)?.path).toHaveLength(MAX_JSON_DEPTH);
  });
});

describe('assertStorableDocument', () => {
  it('throws an ArgumentError naming the field from the root given', () => {
    const thrown = (() => {
      try {
        assertStorableDocument({ component_parameters: { common: { lr_0: { alpha: 1e300 } } } }, 'runtime_conf');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(ArgumentError);
    expect((thrown as ArgumentError).message).toBe(
      'runtime_conf.component_parameters.common.lr_0.alpha: the number 1e+300 cannot be stored: numbers must be within ±9007199254740991 and, unless 0, at least 1e-130 in magnitude',
    );
    expect((thrown as ArgumentError).details).toEqual({ field: 'runtime_conf.component_parameters.common.lr_0.alpha' });
  });
});
