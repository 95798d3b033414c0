import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, MAX_RECORD_BYTES } from '../../functions/domain/limits.js';
import type { LocalSite } from '../../local/site/local-site.js';
import { exampleJob } from '../fixtures/jobs.js';
import { startTestFederation, type TestFederation } from '../support/local-federation.js';
import { type ApiCall, callApi, uploadCall } from './support/in-process-api.js';
import { snapshotSite } from './support/store-snapshot.js';

/**
 * Finding 4 of issue #10, "refused requests still write": each request below was answered 500 or
 * left items or objects behind. Each is now refused with a 4xx, FATE's retcode and a message naming
 * the field and the limit, and both sites' stores (every item, every object) are exactly as before.
 */

const GUEST = 9999;
const HOST = 10000;
const { dsl, conf } = exampleJob('hetero-lr');
const bare = { ...conf, component_parameters: {} };

const submit = (body: unknown): ApiCall => ({ path: '/v1/job/submit', body: JSON.stringify(body) });
const post = (path: string, body: unknown): ApiCall => ({ path, body: JSON.stringify(body) });

function componentsDsl(count: number): { components: Record<string, unknown> } {
  const components: Record<string, unknown> = {};
  for (let index = 0; index < count; index += 1) components[`c_${index}`] = { module: 'Reader' };
  return { components };
}

/** The body text with `"DEEP"` replaced by `depth` nested objects. */
function withDeepValue(body: unknown, depth: number): string {
  return JSON.stringify(body).replace('"DEEP"', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

const table = (namespace: string, name: string) => ({ namespace, table_name: name, head: 1, partition: 1 });
const wideHeader = (columns: number) => Array.from({ length: columns }, (_, index) => `x${index}`).join(',');

interface Case {
  readonly what: string;
  readonly call: ApiCall;
  readonly status: number;
  readonly retcode: number;
  /** A pattern where the text holds a figure that varies from run to run (the record's size: its times' digits). */
  readonly message: string | RegExp;
}

const cases: Case[] = [
  {
    what: 'a DSL of 10,000 components (was: 500 after 7.7 s and 20,000 task items per try)',
    call: submit({ dsl: componentsDsl(10_000), runtime_conf: bare }),
    status: 400,
    retcode: 101,
    message: 'dsl.components: the DSL declares 10000 components, over the limit of 1000 per job',
  },
  {
    what: 'a CSV of 100,000 columns (was: 500, leaving its 1.6 MB object)',
    call: uploadCall({ ...table('wide', 't'), head: 0 }, `${wideHeader(100_000)}\n${wideHeader(100_000)}\n`),
    status: 400,
    retcode: 102,
    message: 'line 1 has 100000 columns, over the limit of 10000',
  },
  {
    what: 'a runtime_conf 20,000 levels deep (was: 500, the stack overflowed)',
    call: { path: '/v1/job/submit', body: withDeepValue({ dsl, runtime_conf: { ...conf, deep: 'DEEP' } }, 20_000) },
    status: 400,
    retcode: 101,
    message: `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
  },
  {
    what: 'a component name of 5,000 characters (was: 500 on the DynamoDB key size)',
    call: submit({ dsl: { components: { ['c'.repeat(5000)]: { module: 'Reader' } } }, runtime_conf: bare }),
    status: 400,
    retcode: 101,
    message: `dsl.components.${'c'.repeat(37)}...: component names may be at most 100 characters`,
  },
  ...['.', '..'].map(
    (namespace): Case => ({
      what: `an upload to namespace "${namespace}" (was: refused, but a FAILED upload job stayed)`,
      call: uploadCall(table(namespace, 't'), 'id,x\n1,2\n'),
      status: 400,
      retcode: 101,
      message: `upload conf: namespace may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got "${namespace}"`,
    }),
  ),
  {
    what: 'an upload named ".."',
    call: uploadCall(table('n', '..'), 'id,x\n1,2\n'),
    status: 400,
    retcode: 101,
    message:
      'upload conf: table_name may only use letters, digits, "_", "-" and "." (1 to 100 characters) and may not be "." or "..", got ".."',
  },
  {
    what: 'a body one level deeper than the limit',
    // The body, runtime_conf and 19 objects inside it: 21 levels.
    call: { path: '/v1/job/submit', body: withDeepValue({ dsl, runtime_conf: { ...conf, deep: 'DEEP' } }, 19) },
    status: 400,
    retcode: 101,
    message: `request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
  },
  {
    what: 'a number DynamoDB cannot keep in a component parameter',
    call: submit({
      dsl,
      runtime_conf: { ...conf, component_parameters: { common: { hetero_lr_0: { alpha: 1e20 } } } },
    }),
    status: 400,
    retcode: 101,
    message:
      'runtime_conf.component_parameters.common.hetero_lr_0.alpha: the number 100000000000000000000 cannot be stored: numbers must be within ±9007199254740991 and, unless 0, at least 1e-130 in magnitude',
  },
  {
    what: 'a "constructor" key in the DSL (was: 500, the SDK took the map for another type)',
    call: {
      path: '/v1/job/submit',
      body: JSON.stringify({ dsl, runtime_conf: conf }).replace(
        '"output":{"data":["data"]}}',
        '"output":{"constructor":{"prototype":{"polluted":true}}}}',
      ),
    },
    status: 400,
    retcode: 101,
    message:
      'dsl.components.reader_0.output.constructor: cannot be a key: the store would read the object as another type (JavaScript\'s "constructor")',
  },
  {
    what: 'a job record over the record limit',
    call: submit({ dsl, runtime_conf: { ...conf, description: 'd'.repeat(200_000) } }),
    status: 400,
    retcode: 101,
    message: new RegExp(
      `^the job record of guest 9999 would take 6028\\d\\d bytes in the store, over the limit of ${MAX_RECORD_BYTES} bytes per record; send a smaller DSL or runtime conf$`,
    ),
  },
  {
    what: 'more tasks than a job may write',
    call: submit({
      dsl: componentsDsl(1000),
      runtime_conf: { ...bare, role: { guest: [GUEST], host: [HOST, 10001, 10002, 10003, 10004], arbiter: [HOST] } },
    }),
    status: 400,
    retcode: 101,
    message: 'runtime_conf.role: 7 parties × 1000 components make 7000 tasks, over the limit of 5000 per job',
  },
  {
    what: 'a party missing from the registry (was: the job stored FAILED, then 502)',
    call: submit({ dsl, runtime_conf: { ...conf, role: { guest: [GUEST], host: [HOST, 7777], arbiter: [HOST] } } }),
    status: 400,
    retcode: 101,
    message:
      "runtime_conf.role.host: party 7777 is not in this site's party registry; register it first (flow party add)",
  },
  {
    what: 'a header line over 128 KiB',
    call: uploadCall(table('n', 'long_header'), `id,${'h'.repeat(140_000)}\n1,2\n`),
    status: 400,
    retcode: 102,
    message: 'the header line is 140003 bytes, over the limit of 131072',
  },
  {
    what: 'an upload meta holding a number DynamoDB cannot keep',
    call: uploadCall({ ...table('n', 'meta'), with_meta: 1, meta: { scale: [1, 1e300] } }, 'id,x\n1,2\n'),
    status: 400,
    retcode: 101,
    message:
      'upload conf: meta.scale[1]: the number 1e+300 cannot be stored: numbers must be within ±9007199254740991 and, unless 0, at least 1e-130 in magnitude',
  },
  {
    what: 'an upload conf whose query-string document nests too deep',
    call: {
      ...uploadCall(table('n', 'deep'), 'id,x\n1,2\n'),
      query: encodeURIComponent(withDeepValue({ ...table('n', 'deep'), with_meta: 1, meta: 'DEEP' }, 100)),
    },
    status: 400,
    retcode: 101,
    message: `the query string's JSON document nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (the limit)`,
  },
  {
    what: 'a grant of a module name of 5,000 characters',
    call: post('/v1/permission/grant', { party_id: HOST, component: 'm'.repeat(5000) }),
    status: 400,
    retcode: 101,
    message: 'request.component: a module name may be at most 100 characters',
  },
  {
    what: 'a grant of 1,001 modules',
    call: post('/v1/permission/grant', { party_id: HOST, component: Array.from({ length: 1001 }, (_, i) => `m${i}`) }),
    status: 400,
    retcode: 101,
    message: 'request: 1001 grants (components and datasets), over the limit of 1000 per request',
  },
  {
    what: 'a metric query whose namespace would overflow the sort key',
    call: post('/v1/tracking/component/metric_data', {
      job_id: '202611271544180123450',
      role: 'guest',
      party_id: GUEST,
      component_name: 'hetero_lr_0',
      metric_namespace: 'n'.repeat(5000),
      metric_name: 'loss',
    }),
    status: 400,
    retcode: 101,
    message: 'request.metric_namespace: metric_namespace may be at most 100 characters',
  },
  {
    what: 'a task query whose component name would overflow the sort key',
    call: post('/v1/job/task/query', { job_id: '202611271544180123450', component_name: 'c'.repeat(5000) }),
    status: 400,
    retcode: 101,
    message: 'request.component_name: component_name may be at most 100 characters',
  },
  {
    what: 'a party endpoint of a megabyte',
    call: post('/v1/party/add', { party_id: 7777, endpoint: `https://x.example.org/${'p'.repeat(1_000_000)}` }),
    status: 400,
    retcode: 101,
    // Every refused field at once: the endpoint's length and the missing keys.
    message:
      'request.endpoint: endpoint may be at most 2048 characters; request.public_keys: public_keys must be one or more "whpk_…" keys',
  },
];

describe('a refused request writes nothing', () => {
  let federation: TestFederation;
  let sites: LocalSite[];

  beforeAll(async () => {
    federation = await startTestFederation();
    sites = [federation.site(GUEST), federation.site(HOST)];
    // One real job and table, so that "unchanged" means something.
    expect((await callApi(sites[0] as LocalSite, submit({ dsl, runtime_conf: conf }))).retcode).toBe(0);
    expect((await callApi(sites[0] as LocalSite, uploadCall(table('experiment', 'kept'), 'id,x\n1,2\n'))).retcode).toBe(
      0,
    );
  }, 30_000);
  afterAll(async () => {
    await federation.stop();
  });

  it.each(cases.map((c) => [c.what, c] as const))(
    'refuses %s',
    async (_what, { call, status, retcode, message }) => {
      const before = await Promise.all(sites.map((site) => snapshotSite(site)));
      const answer = await callApi(sites[0] as LocalSite, call);
      expect(answer).toEqual({
        status,
        retcode,
        retmsg: typeof message === 'string' ? message : expect.stringMatching(message),
      });
      expect(await Promise.all(sites.map((site) => snapshotSite(site)))).toEqual(before);
    },
    30_000,
  );
});
