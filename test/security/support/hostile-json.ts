import fc from 'fast-check';

/**
 * JSON a hostile client sends: values of the wrong type, strings far over every limit, unicode
 * that is not what it seems, numbers JSON allows and the store does not, keys that are
 * JavaScript's own (`__proto__`, `constructor`), and nesting far deeper than the call stack
 * tolerates. Some of it only exists as text (a `__proto__` key, a million brackets): those values
 * are `Raw` text, spliced in by `toJsonText`.
 */

/** JSON text to put in place of a value, as it is. */
export class Raw {
  constructor(readonly text: string) {}
}

export type Loose = Raw | null | boolean | number | string | Loose[] | { [key: string]: Loose };

/** JSON text of a value that may hold Raw parts. The values built here nest a few levels at most. */
export function toJsonText(value: Loose): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, child]) => `${JSON.stringify(key)}:${toJsonText(child)}`)
      .join(',')}}`;
  }
  // JSON has no NaN or Infinity; JSON.stringify would write null, which is fine.
  return JSON.stringify(value);
}

const nested = (depth: number, open: string, close: string, inner = '1') =>
  new Raw(`${open.repeat(depth)}${inner}${close.repeat(depth)}`);

// The large values are built once: building them per sample would cost more than sending them.

/** Nesting around the limit (20) and far past it, as arrays or objects. */
export const deepValue: fc.Arbitrary<Raw> = fc.constantFrom(
  ...[19, 20, 21, 25, 1000].flatMap((depth) => [nested(depth, '[', ']'), nested(depth, '{"a":', '}')]),
  // Deep enough to overflow any recursive reader's stack.
  nested(100_000, '[', ']'),
);

export const prototypeValue: fc.Arbitrary<Raw> = fc.constantFrom(
  new Raw('{"__proto__":{"polluted":true}}'),
  new Raw('{"constructor":{"prototype":{"polluted":true}}}'),
  new Raw('{"__proto__":null}'),
  new Raw('{"toString":1,"valueOf":"x","hasOwnProperty":[],"__defineGetter__":{}}'),
  new Raw('{"__proto__":[1,2],"length":99999999999}'),
);

export const hugeString: fc.Arbitrary<string> = fc.constantFrom(
  ...[65, 101, 129, 1025, 2049, 5000, 70_000].flatMap((length) =>
    ['x', '#', '%', 'é', '😀'].map((unit) => unit.repeat(length)),
  ),
  // Over a DynamoDB item (400 KB) on its own.
  'x'.repeat(420_000),
);

export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '.',
    '..',
    '../etc/passwd',
    'a/b',
    'a\\b',
    'a#b',
    '%23',
    '%',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\u202e',
    '\ufeff',
    'ＡＢＣ',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    'NaN',
    '-1',
    '1e400',
    '9999',
    '0x10',
    'guest',
    '__proto__',
    'constructor',
    '*',
  ),
);

export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1e308,
    -1e308,
    5e-324,
    1e-131,
    1e20,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    2 ** 31,
    2 ** 32,
    999_999,
    1_000_000,
    0.5,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A list or an object over the counts the API limits (1,000 grants, 1,000 components, 10,000 columns), as text. */
export const wideValue: fc.Arbitrary<Raw> = fc.constantFrom(
  ...[1001, 10_001].flatMap((count) => [
    new Raw(`[${Array.from({ length: count }, (_, index) => index).join(',')}]`),
    new Raw(`{${Array.from({ length: count }, (_, index) => `"k${index}":${index}`).join(',')}}`),
  ]),
);

/** Any one hostile value. */
export const hostileValue: fc.Arbitrary<Loose> = fc.oneof(
  { arbitrary: oddString, weight: 4 },
  { arbitrary: oddNumber, weight: 3 },
  { arbitrary: fc.constantFrom<Loose>(null, true, false, [], {}), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Loose>, weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: prototypeValue, weight: 1 },
  { arbitrary: wideValue, weight: 1 },
);

/** A whole body that is not a JSON object of fields: malformed, deep, the wrong kind, or nothing. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '{', '{"a":', '[', 'null', 'true', '0', '"text"', '{"a":1}}', '{"a":1,}', "{'a':1}", 'NaN'),
  deepValue.map((raw) => raw.text),
  prototypeValue.map((raw) => raw.text),
  fc.string({ unit: 'binary', maxLength: 60 }),
  hostileValue.map(toJsonText),
);

/** Every path of a small JSON document, for replacing one value deep inside it. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function replaced(document: Loose, path: readonly (string | number)[], value: Loose): Loose {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof document !== 'object' || document === null || document instanceof Raw) return document;
  const copy = (Array.isArray(document) ? [...document] : { ...document }) as Record<string | number, Loose>;
  Object.defineProperty(copy, head, {
    value: replaced(copy[head] ?? null, rest, value),
    enumerable: true,
    configurable: true,
  });
  return copy as Loose;
}

/** `document` with one value anywhere inside it (or the whole) replaced by a hostile value. */
export function oneDeepChange(document: Loose): fc.Arbitrary<Loose> {
  const paths = pathsOf(document);
  return fc
    .tuple(fc.integer({ min: 0, max: paths.length - 1 }), hostileValue)
    .map(([index, value]) => replaced(document, paths[index] ?? [], value));
}
