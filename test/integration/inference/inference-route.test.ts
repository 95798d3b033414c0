import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Envelope } from '../../../client/flow-client.js';
import { component, jobDocuments } from '../../support/job-documents.js';
import { startTestFederation, type TestFederation } from '../../support/local-federation.js';
import { installServingModel, type ServingModelSpec } from '../../support/serving-model.js';

const GUEST = 9999;
const HOST = 10000;
const MODEL_ID = `arbiter-${HOST}#guest-${GUEST}#host-${HOST}#model`;
const VERSION = '202612071200000000007';

/** Weights as a 30-iteration fit leaves them: no round numbers, so the sum's order matters to the last bit. */
const SPEC = {
  modelId: MODEL_ID,
  version: VERSION,
  serviceId: 'breast-lr',
  guest: { features: ['x0', 'x1', 'x2'], coef: [0.381192, -0.2270937, 0.6102395], intercept: 0.1357911 },
  guestScale: { x2: { column_lower: -3.1, column_upper: 7.9, mean: 1.234567, std: 2.345678 } },
  host: { features: ['h0', 'h1'], coef: [-0.7345612, 0.0481236] },
  hostRows: { '133': [1.254, -0.3345], '7': [0.1, 0.2] },
  guestPartyId: GUEST,
  hostPartyId: HOST,
  roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
};

/** sigmoid(w·x + b), computed here apart from the code under test. */
function expectedScore(x: { x0: number; x1: number; x2: number }, hostRow: readonly number[]): number {
  const scale = SPEC.guestScale.x2;
  const x2 = (Math.min(scale.column_upper, Math.max(scale.column_lower, x.x2)) - scale.mean) / scale.std;
  const [w0, w1, w2] = SPEC.guest.coef as [number, number, number];
  const [v0, v1] = SPEC.host.coef as [number, number];
  const wx = SPEC.guest.intercept + w0 * x.x0 + w1 * x.x1 + w2 * x2 + v0 * (hostRow[0] ?? 0) + v1 * (hostRow[1] ?? 0);
  return 1 / (1 + Math.exp(-wx));
}

let federation: TestFederation;

const inference = (body: unknown): Promise<Envelope> => federation.post(GUEST, '/federation/v1/inference', body);
const request = (featureData: Record<string, unknown>, id = '133', serviceId = 'breast-lr') => ({
  head: { serviceId },
  body: { featureData, sendToRemoteFeatureData: { id } },
});

beforeAll(async () => {
  federation = await startTestFederation();
  // A job at both sites: the head every model.infer is checked against (no task runs here).
  const { dsl, conf } = jobDocuments({
    components: {
      reader_0: component('Reader'),
      data_transform_0: component('DataTransform', { data: ['reader_0.data'] }),
      hetero_lr_0: component('HeteroLR', { train_data: ['data_transform_0.data'] }),
    },
  });
  const submitted = await federation.post(GUEST, '/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
  expect(submitted.retcode).toBe(0);
  const spec: ServingModelSpec = { ...SPEC, jobId: String(submitted.jobId) };
  await installServingModel(federation.site(GUEST).services, federation.site(HOST).services, spec);
}, 60_000);

afterAll(async () => {
  await federation?.stop();
});

describe("the guest's inference route, with the host over signed HTTPS", () => {
  it('answers sigmoid(w·x + b) of the guest features and the host row of the id, to 1e-12', async () => {
    const x = { x0: 0.8123, x1: -1.77, x2: 9.5 };
    const answer = await inference(request({ ...x, y: 1 }));
    expect(answer).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { score: expect.any(Number), modelId: MODEL_ID, modelVersion: VERSION, timestamp: expect.any(Number) },
    });
    const score = (answer.data as { score: number }).score;
    expect(Math.abs(score - expectedScore(x, SPEC.hostRows['133']))).toBeLessThan(1e-12);
  });

  it('scores a batch, each record with its index, a refused record without a score', async () => {
    const a = { x0: 1, x1: 2, x2: 3 };
    const answer = await federation.post(GUEST, '/federation/v1/batchInference', {
      head: { serviceId: 'breast-lr' },
      body: {
        batchDataList: [
          { index: 4, featureData: a, sendToRemoteFeatureData: { id: '7' } },
          { index: 5, featureData: a, sendToRemoteFeatureData: { id: 'unknown' } },
        ],
      },
    });
    const [first, second] = (answer.data as { batchDataList: Record<string, unknown>[] }).batchDataList;
    expect(answer.retcode).toBe(0);
    expect(first).toMatchObject({ index: 4, retcode: 0, retmsg: 'success' });
    const firstScore = (first?.data as { score: number } | undefined)?.score ?? Number.NaN;
    expect(Math.abs(firstScore - expectedScore(a, SPEC.hostRows['7']))).toBeLessThan(1e-12);
    expect(second).toEqual({
      index: 5,
      retcode: 113,
      retmsg: `host ${HOST}: no features for id "unknown" at this host`,
    });
  });

  it.each([
    [
      'an unknown service id',
      request({ x0: 1, x1: 1, x2: 1 }, '133', 'other'),
      122,
      'service other is not bound here; bind a deployed model to it (flow model bind)',
    ],
    [
      'an id the host has no row for',
      request({ x0: 1, x1: 1, x2: 1 }, '999'),
      113,
      `host ${HOST}: no features for id "999" at this host`,
    ],
    ['a missing feature', request({ x0: 1, x1: 1 }), 102, 'the features do not match the model; missing: x2'],
    [
      'an extra feature',
      request({ x0: 1, x1: 1, x2: 1, x3: 1 }),
      102,
      'the features do not match the model; not in the model: x3',
    ],
    ['a feature that is not a number', request({ x0: 1, x1: 'one', x2: 1 }), 102, 'feature "x1" is not a number'],
    ['no service id', { body: { featureData: {} } }, 100, 'head.serviceId: a service id (flow model bind) is required'],
  ])('refuses %s with FATE-Serving’s code and no score', async (_, body, retcode, retmsg) => {
    expect(await inference(body)).toEqual({ retcode, retmsg });
  });

  it("refuses a host's bind without its feature table (101), and keeps the binding it has", async () => {
    const bind = await federation.post(HOST, '/v1/model/bind', {
      job_parameters: { model_id: MODEL_ID, model_version: VERSION },
      service_id: 'breast-lr',
    });
    expect(bind).toEqual({
      retcode: 101,
      retmsg: "table_name and namespace: a host's bind names the table its features are read from for this service",
    });
    expect((await inference(request({ x0: 1, x1: 1, x2: 1 }))).retcode).toBe(0);
  });
});
