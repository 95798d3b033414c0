import { describe, expect, it } from '@jest/globals';
import { deepMerge, isJsonObject, type JsonObject } from '../../../../functions/domain/job/deep-merge.js';

/**
 * The object's prototype is an Object.prototype (of whichever realm made it: structuredClone and
 * jest's sandbox may differ), not an object taken from the data.
 */
function isPlainPrototype(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    Object.getPrototypeOf(prototype) === null &&
    Object.hasOwn(prototype, 'hasOwnProperty')
  );
}

describe('deepMerge', () => {
  it('merges nested objects key by key, the override winning', () => {
    const base = { penalty: 'L2', init_param: { init_method: 'zeros', fit_intercept: true }, max_iter: 30 };
    const override = { init_param: { init_method: 'random_uniform' }, max_iter: 5 };
    expect(deepMerge(base, override)).toEqual({
      penalty: 'L2',
      init_param: { init_method: 'random_uniform', fit_intercept: true },
      max_iter: 5,
    });
  });

  it('merges several levels deep', () => {
    expect(deepMerge({ a: { b: { c: 1, d: 2 } } }, { a: { b: { d: 3, e: 4 } } })).toEqual({
      a: { b: { c: 1, d: 3, e: 4 } },
    });
  });

  it('replaces arrays whole instead of merging them', () => {
    expect(deepMerge({ columns: ['x0', 'x1', 'x2'] }, { columns: ['x9'] })).toEqual({ columns: ['x9'] });
  });

  it('replaces an object with a scalar, null or array and the other way round', () => {
    expect(deepMerge({ a: { b: 1 }, c: 2, d: { e: 1 }, f: [1] }, { a: 7, c: { x: 1 }, d: null, f: { g: 1 } })).toEqual({
      a: 7,
      c: { x: 1 },
      d: null,
      f: { g: 1 },
    });
  });

  it('changes neither input and shares no nested object with them', () => {
    const base: JsonObject = { table: { name: 'breast_hetero_guest', namespace: 'experiment' }, list: [1, 2] };
    const override: JsonObject = { table: { name: 'breast_hetero_host' }, extra: { deep: { value: 1 } } };
    const baseCopy = structuredClone(base);
    const overrideCopy = structuredClone(override);
    const merged = deepMerge(base, override);
    expect(base).toEqual(baseCopy);
    expect(override).toEqual(overrideCopy);
    expect(merged.list).not.toBe(base.list);
    expect(merged.extra).not.toBe(override.extra);
    expect(merged).toEqual({
      table: { name: 'breast_hetero_host', namespace: 'experiment' },
      list: [1, 2],
      extra: { deep: { value: 1 } },
    });
  });

  it('keeps a "__proto__" key as plain data and leaves prototypes alone', () => {
    const override = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonObject;
    const merged = deepMerge({ b: 2 }, override);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(isPlainPrototype(merged)).toBe(true);
    expect('polluted' in merged).toBe(false);
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('merges into an existing "__proto__" data key of the base', () => {
    const base = JSON.parse('{"__proto__": {"x": 1}}') as JsonObject;
    const override = JSON.parse('{"__proto__": {"y": 2}}') as JsonObject;
    const merged = deepMerge(base, override);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ x: 1, y: 2 });
    expect(isPlainPrototype(merged)).toBe(true);
    expect('y' in merged).toBe(false);
  });

  it('does not treat inherited names such as "constructor" or "toString" as existing keys', () => {
    const merged = deepMerge({}, { constructor: { a: 1 }, toString: 'text' });
    expect(Object.getOwnPropertyDescriptor(merged, 'constructor')?.value).toEqual({ a: 1 });
    expect(Object.getOwnPropertyDescriptor(merged, 'toString')?.value).toBe('text');
  });

  it('returns an equal copy when the override is empty', () => {
    const base = { a: { b: [1, { c: 2 }] } };
    const merged = deepMerge(base, {});
    expect(merged).toEqual(base);
    expect(merged).not.toBe(base);
  });
});

describe('isJsonObject', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['text', false],
    [3, false],
    [undefined, false],
  ])('says whether %j is a JSON object: %s', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });
});
