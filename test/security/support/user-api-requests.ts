import fc from 'fast-check';
import { hostileBodyText, type Loose } from './hostile-json.js';
import { type ApiCall, uploadCall } from './in-process-api.js';
import { jsonCall, type KnownState, shaped, submitBodies, uploadCalls } from './user-api-bodies.js';

export type { KnownState } from './user-api-bodies.js';

/**
 * Requests to every user API route FATE's client uses: mostly bodies of the route's own shape with
 * one to three fields (or a value deep inside a job's DSL and conf) replaced by hostile values,
 * some left valid, some not JSON objects at all, some with a content type the route does not take.
 */

/** The known job one time in `1 + others`; otherwise ids of jobs that do not exist. */
const jobIds = (known: KnownState, others = 2) =>
  fc.oneof(
    { arbitrary: fc.constant(known.jobId), weight: 1 },
    { arbitrary: fc.constantFrom('202601010000000000000', '1', 'a'.repeat(64)), weight: others },
    { arbitrary: fc.stringMatching(/^[0-9]{21}$/), weight: others },
  ) as fc.Arbitrary<Loose>;
const roles = fc.constantFrom('guest', 'host', 'arbiter', 'local') as fc.Arbitrary<Loose>;
const partyIds = fc.oneof(fc.constantFrom(9999, 10000, '9999', 7777), fc.integer({ min: 0, max: 2 ** 31 - 1 }));

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
  // The known job is a training job: a version that is not a successful or deployed model.
  const model = {
    model_id: fc.constantFrom('arbiter-10000#guest-9999#host-10000#model', '', 'm'.repeat(1001)) as fc.Arbitrary<Loose>,
    model_version: job,
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
      arbitrary: jsonCall('/v1/tracking/component/summary/download', shaped({ ...ref, filename: fc.string() })),
      weight: 1,
    },
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
    { arbitrary: jsonCall('/v1/model/query', shaped(model)), weight: 1 },
    { arbitrary: jsonCall('/v1/model/get/predict/dsl', shaped(model)), weight: 1 },
    { arbitrary: jsonCall('/v1/model/get/predict/conf', shaped({ ...model, filename: fc.string() })), weight: 1 },
    {
      arbitrary: jsonCall(
        '/v1/model/deploy',
        shaped({
          ...model,
          cpn_list: fc.oneof(fc.string(), fc.array(fc.string())),
          dsl: fc.oneof(fc.string(), fc.jsonValue() as fc.Arbitrary<Loose>),
        }),
      ),
      weight: 1,
    },
    {
      arbitrary: jsonCall(
        '/v1/model/bind',
        shaped({ job_parameters: shaped(model), service_id: fc.string(), job_id: job, ...table }),
      ),
      weight: 1,
    },
    ...(['/federation/v1/inference', '/federation/v1/batchInference'] as const).map((path) => {
      const record = shaped({
        index: fc.integer() as fc.Arbitrary<Loose>,
        featureData: shaped({ x0: fc.double() as fc.Arbitrary<Loose>, y: fc.string() as fc.Arbitrary<Loose> }),
        sendToRemoteFeatureData: shaped({ id: fc.string() as fc.Arbitrary<Loose> }),
      });
      const body = path.endsWith('batchInference')
        ? shaped({ batchDataList: fc.array(record, { maxLength: 3 }) as fc.Arbitrary<Loose> })
        : record;
      return {
        arbitrary: jsonCall(path, shaped({ head: shaped({ serviceId: fc.string() as fc.Arbitrary<Loose> }), body })),
        weight: 1,
      };
    }),
    { arbitrary: jsonCall('/v1/model/load', shaped({ job_parameters: shaped(model), job_id: job })), weight: 1 },
    {
      arbitrary: jsonCall(
        '/v1/model/migrate',
        shaped({
          ...model,
          migrate_initiator: shaped({ role: roles, party_id: partyIds }),
          role: fc.constant<Loose>({ guest: [9999], host: [10000] }),
          migrate_role: fc.constant<Loose>({ guest: [9998], host: [10001] }),
          execute_party: fc.constant<Loose>({ guest: [9999] }),
        }),
      ),
      weight: 1,
    },
    {
      arbitrary: jsonCall('/v1/model/export', shaped({ ...model, role: roles, party_id: partyIds })).map((call) => ({
        ...call,
        method: 'GET' as const,
      })),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/permission/grant', grant), weight: 1 },
    { arbitrary: jsonCall('/v1/permission/delete', grant), weight: 1 },
    { arbitrary: jsonCall('/v1/permission/query', shaped({ party_id: partyIds })), weight: 1 },
    { arbitrary: jsonCall('/v1/resource/query', shaped({})), weight: 1 },
    { arbitrary: jsonCall('/v1/site/query', shaped({})), weight: 1 },
    // FATE-Flow's after-the-fact routes: what one asks of a job or a component once it ran.
    ...['/v1/job/log/download', '/v1/job/data/view/query', '/v1/job/clean', '/v1/resource/return'].map((path) => ({
      arbitrary: jsonCall(path, shaped({ job_id: job, role: roles, party_id: partyIds })),
      weight: 1,
    })),
    {
      arbitrary: jsonCall(
        '/v1/job/update',
        shaped({ job_id: job, role: roles, party_id: partyIds, notes: fc.string() }),
      ),
      weight: 1,
    },
    ...[
      '/v1/tracking/component/list',
      '/v1/tracking/component/parameters',
      '/v1/tracking/component/output/data/table',
    ].map((path) => ({
      arbitrary: jsonCall(path, shaped({ job_id: job, component_name: component, role: roles, party_id: partyIds })),
      weight: 1,
    })),
    ...['/v1/table/bind', '/v1/table/add'].map((path) => ({
      arbitrary: jsonCall(
        path,
        shaped({
          namespace: fc.constantFrom('fuzz', known.table.namespace),
          name: fc.constantFrom('bound', known.table.name),
          engine: fc.constantFrom('PATH', 'S3', 'EGGROLL'),
          address: shaped({ path: fc.constantFrom('/etc/hostname', 'relative.csv', '/nonexistent.csv', '') }),
          head: fc.constantFrom(0, 1, 'x'),
          id_delimiter: fc.constantFrom(',', ''),
          drop: fc.boolean(),
        }),
      ),
      weight: 1,
    })),
    {
      arbitrary: jsonCall(
        '/v1/table/disable',
        shaped({ namespace: fc.constantFrom('fuzz', known.table.namespace), name: fc.string() }),
      ),
      weight: 1,
    },
    // Checkpoints, a model archive's import, the presigned upload, the party registry and the keys.
    ...['/v1/checkpoint/list', '/v1/checkpoint/get'].map((path) => ({
      arbitrary: jsonCall(
        path,
        shaped({
          ...model,
          role: roles,
          party_id: partyIds,
          component_name: component,
          step_index: fc.constantFrom(0, 3, '2', -1, 'x', 10 ** 7) as fc.Arbitrary<Loose>,
          step_name: fc.string(),
        }),
      ),
      weight: 1,
    })),
    {
      arbitrary: fc
        .tuple(
          shaped({ ...model, role: roles, party_id: partyIds }),
          fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.constant(new Uint8Array([0x1f, 0x8b, 8, 0, 0]))),
        )
        .map(([conf, bytes]) => {
          const call = uploadCall(conf, Buffer.from(bytes));
          return { ...call, path: '/v1/model/import', query: '', body: withConfFields(call.body, conf) };
        }),
      weight: 1,
    },
    {
      arbitrary: jsonCall(
        '/v1/data/upload/presign',
        shaped({
          ...table,
          head: fc.constantFrom(1, 0, 'x') as fc.Arbitrary<Loose>,
          partition: fc.constantFrom(1, 0, 10 ** 9) as fc.Arbitrary<Loose>,
          id_delimiter: fc.constantFrom(',', '') as fc.Arbitrary<Loose>,
          size: fc.constantFrom(1, 0, -1, 2 ** 53, 'big') as fc.Arbitrary<Loose>,
        }),
      ),
      weight: 1,
    },
    // Party ids that are not the federation's own: an accepted add or remove must not cut the
    // guest off from its host for the rest of the fuzz.
    ...['/v1/party/add', '/v1/party/remove'].map((path) => ({
      arbitrary: jsonCall(
        path,
        shaped({
          party_id: fc.constantFrom(7777, '7777', -1, 'x', 2 ** 40) as fc.Arbitrary<Loose>,
          endpoint: fc.constantFrom('https://p7777.example.org/v1/federation', 'http://plain.example.org', '', 'x'),
          public_keys: fc.constantFrom(
            'whpk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
            'whpk_short',
            [],
            ['not a key'],
          ) as fc.Arbitrary<Loose>,
        }),
      ),
      weight: 1,
    })),
    {
      arbitrary: jsonCall(
        '/v1/job/dsl/generate',
        shaped({
          cpn_str: fc.oneof(fc.constantFrom(known.components.join(', '), '', ' , '), fc.array(component)),
          train_dsl: fc.constantFrom<Loose>(known.dsl as Loose, JSON.stringify(known.dsl), '{', []),
          version: fc.constantFrom<Loose>('2', 1, '3'),
          filename: fc.constantFrom<Loose>('predict.json', '../../etc/passwd', 7),
        }),
      ),
      weight: 1,
    },
    { arbitrary: jsonCall('/v1/party/list', shaped({})), weight: 1 },
    { arbitrary: jsonCall('/v1/key/query', shaped({})), weight: 1 },
    // Never a valid rotation (a new key the host does not know would end the federation): key_id only.
    {
      arbitrary: jsonCall('/v1/key/retire', shaped({ key_id: fc.constantFrom('', 'k'.repeat(300), 'whk_nope') })),
      weight: 1,
    },
    { arbitrary: oddTransport, weight: 1 },
  );
}

/** The model import's conf as multipart fields beside the file, as FATE's client sends them. */
function withConfFields(body: string | Buffer | undefined, conf: Loose): Buffer {
  const boundary = 'fate-flow-test-boundary';
  const fields =
    conf !== null && typeof conf === 'object' && !Array.isArray(conf)
      ? Object.entries(conf).map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n${typeof value === 'string' ? value : JSON.stringify(value)}\r\n`,
        )
      : [];
  return Buffer.concat([Buffer.from(fields.join('')), Buffer.isBuffer(body) ? body : Buffer.from(body ?? '')]);
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
