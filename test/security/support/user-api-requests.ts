import fc from 'fast-check';
import type { JsonObject } from '../../../functions/domain/job/deep-merge.js';
import { hostileBodyText, hostileValue, type Loose, oneDeepChange, toJsonText } from './hostile-json.js';
import { type ApiCall, uploadCall } from './in-process-api.js';

/**
 * Requests to every user API route FATE's client uses: mostly bodies of the route's own shape with
 * one to three fields (or a value deep inside a job's DSL and conf) replaced by hostile values,
 * some left valid, some not JSON objects at all, some with a content type the route does not take.
 */

/** What the site holds before the fuzz starts, so that valid-shaped bodies name real things. */
export interface KnownState {
  readonly jobId: string;
  readonly components: readonly string[];
  readonly table: { readonly namespace: string; readonly name: string };
  readonly dsl: JsonObject;
  readonly conf: JsonObject;
}

type Fields = Record<string, fc.Arbitrary<Loose>>;

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'job_id', 'role', 'party_id', ''),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/**
 * The route's fields from their plausible values, then up to three of them replaced by a hostile
 * value, dropped, or joined by an extra (hostile) key. Keys are written as own properties, so
 * `__proto__` stays a key of the JSON text.
 */
interface ShapeOptions {
  readonly minChanges?: number;
  /** @default all three: replace a field, drop it, add a key */
  readonly kinds?: readonly ('replace' | 'drop' | 'add')[];
}

function shaped(fields: Fields, options: ShapeOptions = {}): fc.Arbitrary<Loose> {
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
function submitBodies(known: KnownState): fc.Arbitrary<Loose> {
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

/** The known job one time in `1 + others`; otherwise ids of jobs that do not exist. */
const jobIds = (known: KnownState, others = 2) =>
  fc.oneof(
    { arbitrary: fc.constant(known.jobId), weight: 1 },
    { arbitrary: fc.constantFrom('202601010000000000000', '1', 'a'.repeat(64)), weight: others },
    { arbitrary: fc.stringMatching(/^[0-9]{21}$/), weight: others },
  ) as fc.Arbitrary<Loose>;
const roles = fc.constantFrom('guest', 'host', 'arbiter', 'local') as fc.Arbitrary<Loose>;
const partyIds = fc.oneof(fc.constantFrom(9999, 10000, '9999', 7777), fc.integer({ min: 0, max: 2 ** 31 - 1 }));

function jsonCall(path: string, body: fc.Arbitrary<Loose>): fc.Arbitrary<ApiCall> {
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

function uploadCalls(known: KnownState): fc.Arbitrary<ApiCall> {
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

/** One request to one of the user API's routes. */
export function userApiRequests(known: KnownState): fc.Arbitrary<ApiCall> {
  const component = fc.oneof(
    fc.constantFrom(...known.components),
    fc.constantFrom('upload_0', 'c'.repeat(101)),
  ) as fc.Arbitrary<Loose>;
  const job = jobIds(known);
  const ref = { job_id: job, role: roles, party_id: partyIds, component_name: component };
  const table = {
    namespace: fc.constantFrom(known.table.namespace, 'fuzz', '..') as fc.Arbitrary<Loose>,
    table_name: fc.constantFrom(known.table.name, 't1', 't2') as fc.Arbitrary<Loose>,
  };
  const grant = shaped({
    party_id: partyIds,
    component: fc.oneof(fc.constantFrom('reader,dataio', '*', 'heterolr'), fc.array(fc.string({ maxLength: 8 }))),
    dataset: fc.constant<Loose>([{ namespace: known.table.namespace, name: known.table.name }]),
  });
  return fc.oneof(
    { arbitrary: jsonCall('/v1/job/submit', submitBodies(known)), weight: 6 },
    {
      arbitrary: jsonCall(
        '/v1/job/stop',
        // Stopping and rerunning the known job calls its parties: a few times is enough.
        shaped({ job_id: jobIds(known, 8), stop_status: fc.constantFrom('canceled', 'failed', 'paused') }),
      ),
      weight: 1,
    },
    {
      arbitrary: jsonCall(
        '/v1/job/rerun',
        shaped({ job_id: jobIds(known, 8), component_name: component, force: fc.boolean() }),
      ),
      weight: 1,
    },
    {
      arbitrary: jsonCall(
        '/v1/job/query',
        shaped({ job_id: job, role: roles, party_id: partyIds, status: fc.constantFrom('running', 'waiting') }),
      ),
      weight: 2,
    },
    {
      arbitrary: jsonCall(
        '/v1/job/list/job',
        shaped({
          limit: fc.integer({ min: -2, max: 2000 }),
          page: fc.integer(),
          role: fc.array(roles),
          description: fc.string(),
        }),
      ),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/job/config', shaped({ job_id: job, role: roles, party_id: partyIds })), weight: 1 },
    { arbitrary: jsonCall('/v1/job/task/query', shaped({ ...ref, status: fc.string() })), weight: 2 },
    {
      arbitrary: jsonCall('/v1/job/list/task', shaped({ ...ref, limit: fc.integer(), page: fc.integer() })),
      weight: 1,
    },
    { arbitrary: uploadCalls(known), weight: 5 },
    {
      arbitrary: jsonCall('/v1/data/download', shaped({ ...table, delimiter: fc.constantFrom(',', '\t', '') })),
      weight: 1,
    },
    {
      arbitrary: jsonCall(
        '/v1/data/upload/complete',
        shaped({ ...table, upload_id: fc.uuid(), head: fc.constant(1), partition: fc.constant(1) }),
      ),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/table/table_info', shaped(table)), weight: 2 },
    { arbitrary: jsonCall('/v1/table/delete', shaped(table)), weight: 1 },
    { arbitrary: jsonCall('/v1/table/list', shaped({ job_id: job })), weight: 1 },
    { arbitrary: jsonCall('/v1/tracking/component/metrics', shaped(ref)), weight: 1 },
    { arbitrary: jsonCall('/v1/tracking/component/metric/all', shaped(ref)), weight: 1 },
    {
      arbitrary: jsonCall(
        '/v1/tracking/component/metric_data',
        shaped({ ...ref, metric_namespace: fc.string(), metric_name: fc.string() }),
      ),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/tracking/component/output/model', shaped(ref)), weight: 1 },
    {
      arbitrary: jsonCall(
        '/v1/tracking/component/output/data',
        shaped({ ...ref, limit: fc.integer({ min: -5, max: 1000 }) }),
      ),
      weight: 1,
    },
    {
      arbitrary: jsonCall('/v1/tracking/component/output/data/download', shaped(ref)).map((call) => ({
        ...call,
        method: 'GET' as const,
      })),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/permission/grant', grant), weight: 1 },
    { arbitrary: jsonCall('/v1/permission/delete', grant), weight: 1 },
    { arbitrary: jsonCall('/v1/permission/query', shaped({ party_id: partyIds })), weight: 1 },
    { arbitrary: jsonCall('/v1/resource/query', shaped({})), weight: 1 },
    { arbitrary: oddTransport, weight: 1 },
  );
}

/** Bodies the routes do not take: other content types, unknown paths and methods, binary bodies. */
const oddTransport: fc.Arbitrary<ApiCall> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'multipart/form-data; boundary=x', ''),
      hostileBodyText,
    )
    .map(([type, body]) => ({ path: '/v1/job/query', body, headers: { 'content-type': type } })),
  fc
    .tuple(
      fc.constantFrom('/v1/job/nope', '/v1/../v1/job/query', '/v1/job/query/', '/', '/v1/federation'),
      fc.constantFrom<'GET' | 'POST' | 'PUT'>('GET', 'POST', 'PUT'),
    )
    .map(([path, method]) => ({ path, method, body: '{}' })),
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ path: '/v1/job/submit', body: Buffer.from(bytes) })),
);
