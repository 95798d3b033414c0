import fc from 'fast-check';
import type { JsonObject } from '../../../functions/domain/job/deep-merge.js';
import { hostileBodyText, hostileValue, type Loose, oneDeepChange, toJsonText } from './hostile-json.js';
import { type ApiCall, uploadCall } from './in-process-api.js';

/** Bodies of the user API's routes: each route's own shape with hostile changes, job submissions, uploads. */

/** What the site holds before the fuzz starts, so that valid-shaped bodies name real things. */
export interface KnownState {
  readonly jobId: string;
  readonly components: readonly string[];
  readonly table: { readonly namespace: string; readonly name: string };
  readonly dsl: JsonObject;
  readonly conf: JsonObject;
}

export type Fields = Record<string, fc.Arbitrary<Loose>>;

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'job_id', 'role', 'party_id', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

interface ShapeOptions {
  readonly minChanges?: number;
  /** @default all three: replace a field, drop it, add a key */
  readonly kinds?: readonly ('replace' | 'drop' | 'add')[];
}

/**
 * The route's fields from their plausible values, then up to three of them replaced by a hostile
 * value, dropped, or joined by an extra (hostile) key. Keys are written as own properties, so
 * `__proto__` stays a key of the JSON text.
 */
export function shaped(fields: Fields, options: ShapeOptions = {}): fc.Arbitrary<Loose> {
  const names = Object.keys(fields);
  const base = fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, Loose>>;
  const change = fc.tuple(
    fc.constantFrom(...(options.kinds ?? (['replace', 'drop', 'add'] as const))),
    names.length > 0 ? fc.constantFrom(...names) : extraKey,
    extraKey,
    hostileValue,
  );
  const changes = fc.array(change, { minLength: options.minChanges ?? 0, maxLength: 3 });
  return fc.tuple(base, changes).map(([body, changes]) => {
    const out: Record<string, Loose> = { ...body };
    for (const [kind, name, extra, value] of changes) {
      if (kind === 'drop') delete out[name];
      else
        Object.defineProperty(out, kind === 'add' ? extra : name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  });
}

/** DSLs over the component limit or with names over 100 characters; built once. */
const OVERSIZED_DSLS: Loose[] = [
  [1001, 5],
  [10_000, 5],
  [1, 101],
  [3, 5000],
].map(([count = 1, length = 5]) => ({
  components: Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`c_${index}`.padEnd(length, 'x'), { module: 'Reader' }]),
  ),
}));

/**
 * A job's DSL and conf with one value anywhere inside replaced; or over the limits; or with
 * top-level changes. A valid job (which the site and its peer store) comes only when a change
 * happens to keep it valid.
 */
export function submitBodies(known: KnownState): fc.Arbitrary<Loose> {
  const document = { dsl: known.dsl, runtime_conf: known.conf } as unknown as Loose;
  const oversized = fc
    .constantFrom(...OVERSIZED_DSLS)
    .map((dsl): Loose => ({ dsl, runtime_conf: known.conf as Loose }));
  const topLevel = shaped(
    { dsl: fc.constant(known.dsl as Loose), runtime_conf: fc.constant(known.conf as Loose) },
    // Never only an added key: the job would stay valid, and a valid job is the costliest request.
    { minChanges: 1, kinds: ['replace', 'drop'] },
  );
  return fc.oneof(
    { arbitrary: oneDeepChange(document), weight: 12 },
    { arbitrary: oversized, weight: 1 },
    { arbitrary: topLevel, weight: 3 },
  );
}

/** A JSON body for `path`, or now and then text that is not a JSON object of fields. */
export function jsonCall(path: string, body: fc.Arbitrary<Loose>): fc.Arbitrary<ApiCall> {
  return fc.oneof(
    { arbitrary: body.map((value) => ({ path, body: toJsonText(value) })), weight: 9 },
    { arbitrary: hostileBodyText.map((text) => ({ path, body: text })), weight: 1 },
  );
}

/** Over the column limit, and over the header's byte limit; built once. */
const WIDE_TABLES = [
  ...[10_001, 100_000].map((columns) => `${Array.from({ length: columns }, (_, i) => `x${i}`).join(',')}\n`),
  `id,${'h'.repeat(140_000)}\n1,2\n`,
];

/** FATE's multipart upload with a conf of the route's shape (or any query) and tables from valid to hostile. */
export function uploadCalls(known: KnownState): fc.Arbitrary<ApiCall> {
  const conf = shaped(
    {
      namespace: fc.constantFrom('fuzz', known.table.namespace, '.', 'a'.repeat(100)) as fc.Arbitrary<Loose>,
      table_name: fc.constantFrom('t1', 't2', known.table.name) as fc.Arbitrary<Loose>,
      head: fc.constantFrom(1, 0, '1', true) as fc.Arbitrary<Loose>,
      partition: fc.constantFrom(1, 4, '2') as fc.Arbitrary<Loose>,
      drop: fc.constantFrom(0, 1) as fc.Arbitrary<Loose>,
      id_delimiter: fc.constantFrom(',', '\t', ';') as fc.Arbitrary<Loose>,
      extend_sid: fc.constantFrom(0, 1) as fc.Arbitrary<Loose>,
      with_meta: fc.constantFrom(0, 1) as fc.Arbitrary<Loose>,
      meta: fc.constantFrom<Loose>({ label: 'y' }, { scale: [1, 2.5] }),
    },
    { minChanges: 1 },
  );
  const csv = fc.oneof(
    {
      arbitrary: fc.constantFrom(
        'id,x\n1,2\n3,4\n',
        'id\tx\n1\t2\n',
        '\ufeffid,x\r\n1,2\r\n',
        '',
        '\n\n',
        'id,x\n1\n',
        'id,x\n1,2\n1,3\n',
        'id,x\n1,\u0000\n',
        'id,x\n\xff\xfe,2\n',
      ),
      weight: 6,
    },
    { arbitrary: fc.constantFrom(...WIDE_TABLES), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')), weight: 2 },
  );
  const multipart = fc.tuple(conf, csv).map(([value, text]): ApiCall => {
    const call = uploadCall({}, text);
    return { ...call, query: encodeURIComponent(toJsonText(value)) };
  });
  const oddQuery = fc.tuple(hostileBodyText, csv).map(([text, table]) => ({ ...uploadCall({}, table), query: text }));
  return fc.oneof({ arbitrary: multipart, weight: 8 }, { arbitrary: oddQuery, weight: 2 });
}
