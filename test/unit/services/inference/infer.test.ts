import { beforeEach, describe, expect, it } from '@jest/globals';
import { sigmoid } from '../../../../functions/domain/inference/partial-score.js';
import { ServingError } from '../../../../functions/domain/inference/serving-codes.js';
import { infer } from '../../../../functions/services/inference/infer.js';
import { type FakeFederation, fakeFederation, GUEST, HOST } from '../../../support/fakes/fake-federation.js';
import { installServingModel, type ServingModelSpec } from '../../../support/serving-model.js';
import { MODEL_ID, trainedJob } from '../models/trained-job.js';

const VERSION = '202612071200000000001';

function spec(jobId: string): ServingModelSpec {
  return {
    jobId,
    modelId: MODEL_ID,
    version: VERSION,
    serviceId: 'breast-lr',
    guest: { features: ['x0', 'x1'], coef: [0.75, -1.5], intercept: 0.25 },
    guestScale: { x1: { column_lower: -10, column_upper: 10, mean: 1, std: 4 } },
    host: { features: ['h0', 'h1', 'h2'], coef: [0.5, 2, -0.125] },
    hostRows: { a: [1, 2, 3], b: [-0.5, 0.25, 8] },
    guestPartyId: GUEST,
    hostPartyId: HOST,
    roles: { guest: [GUEST], host: [HOST], arbiter: [HOST] },
  };
}

let federation: FakeFederation;

beforeEach(async () => {
  federation = fakeFederation();
  await installServingModel(federation.guest.services, federation.host.services, spec(await trainedJob(federation)));
});

const record = (featureData: Record<string, unknown>, id: string) => ({
  featureData,
  sendToRemoteFeatureData: { id },
});

async function refusal(promise: Promise<unknown>): Promise<[number, string]> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      if (!(error instanceof ServingError)) throw error;
      return [error.code, error.message];
    },
  );
}

describe('online inference at the guest', () => {
  it("answers sigmoid(guest's scaled w·x + b + the host's w·x of the record's id), one signed model.infer per request", async () => {
    const answers = await infer(federation.guest.services, {
      serviceId: 'breast-lr',
      records: [record({ x0: 2, x1: '5' }, 'a'), record({ x0: -1, x1: 30 }, 'b')],
    });

    // x1 is standardised: (5 − 1) / 4 = 1; 30 is clipped to 10 first: (10 − 1) / 4 = 2.25.
    const guestA = 0.25 + 2 * 0.75 + 1 * -1.5;
    const hostA = 1 * 0.5 + 2 * 2 + 3 * -0.125;
    const guestB = 0.25 + -1 * 0.75 + 2.25 * -1.5;
    const hostB = -0.5 * 0.5 + 0.25 * 2 + 8 * -0.125;
    const now = federation.clock.now();
    expect(answers).toEqual([
      {
        retcode: 0,
        retmsg: 'success',
        data: { score: sigmoid(guestA + hostA), modelId: MODEL_ID, modelVersion: VERSION, timestamp: now },
      },
      {
        retcode: 0,
        retmsg: 'success',
        data: { score: sigmoid(guestB + hostB), modelId: MODEL_ID, modelVersion: VERSION, timestamp: now },
      },
    ]);
    const calls = federation.network.deliveries.filter((d) => d.message.command === 'model.infer');
    expect(calls.map((d) => [d.message.src, d.message.dest, d.message.body])).toEqual([
      [
        { role: 'guest', partyId: GUEST },
        { role: 'host', partyId: HOST },
        { modelId: MODEL_ID, modelVersion: VERSION, serviceId: 'breast-lr', records: [{ id: 'a' }, { id: 'b' }] },
      ],
    ]);
  });

  it('gives a record any party cannot score no score, only its refusal; the other records are scored', async () => {
    const answers = await infer(federation.guest.services, {
      serviceId: 'breast-lr',
      records: [
        record({ x0: 1 }, 'a'),
        record({ x0: 1, x1: 'abc' }, 'a'),
        record({ x0: 1, x1: 1, x9: 2 }, 'a'),
        record({ x0: 1, x1: 1 }, 'zz'),
        { featureData: { x0: 1, x1: 1 }, sendToRemoteFeatureData: { phone: '1' } },
        record({ x0: 0, x1: 1 }, 'b'),
      ],
    });
    expect(answers.map((a) => [a.retcode, a.retmsg])).toEqual([
      [102, 'the features do not match the model; missing: x1'],
      [102, 'feature "x1" is not a number'],
      [102, 'the features do not match the model; not in the model: x9'],
      [113, `host ${HOST}: no features for id "zz" at this host`],
      [100, `host ${HOST}: sendToRemoteFeatureData names no id ("id") for this host`],
      [0, 'success'],
    ]);
    // Only the records the guest could score went to the host.
    const calls = federation.network.deliveries.filter((d) => d.message.command === 'model.infer');
    expect(calls.map((d) => (d.message.body as unknown as { records: unknown[] }).records)[0]).toEqual([
      { id: 'zz' },
      { phone: '1' },
      { id: 'b' },
    ]);
  });

  it('refuses an unknown service (122), and a service whose host has not bound it (109)', async () => {
    expect(await refusal(infer(federation.guest.services, { serviceId: 'nope', records: [record({}, 'a')] }))).toEqual([
      122,
      'service nope is not bound here; bind a deployed model to it (flow model bind)',
    ]);
    await federation.host.services.models.putBinding({
      serviceId: 'breast-lr',
      modelId: MODEL_ID,
      modelVersion: '202612071200000000099',
      role: 'host',
      partyId: HOST,
      bindTime: 1,
      table: { namespace: 'serving', name: 'host_features' },
    });
    expect(
      await refusal(
        infer(federation.guest.services, { serviceId: 'breast-lr', records: [record({ x0: 1, x1: 1 }, 'a')] }),
      ),
    ).toEqual([
      109,
      `host ${HOST}: service breast-lr is not bound to model ${VERSION} at host ${HOST}; bind it there with its feature table (flow model bind)`,
    ]);
  });

  it('scores a HomoLR model at the guest alone: sigmoid(w·x + b), no host asked', async () => {
    const homo = fakeFederation();
    const jobId = await trainedJob(homo);
    await installServingModel(homo.guest.services, homo.host.services, {
      ...spec(jobId),
      serviceId: 'homo-lr',
      lrModule: 'HomoLR',
    });
    const [answer] = await infer(homo.guest.services, {
      serviceId: 'homo-lr',
      records: [record({ x0: 2, x1: 5 }, 'a')],
    });
    expect(answer).toMatchObject({ retcode: 0, data: { score: sigmoid(0.25 + 2 * 0.75 + 1 * -1.5) } });
    expect(homo.network.deliveries.filter((d) => d.message.command === 'model.infer')).toEqual([]);
  });

  it('refuses a model with a module online inference does not run (107), naming it', async () => {
    const other = fakeFederation();
    const jobId = await trainedJob(other);
    await installServingModel(other.guest.services, other.host.services, {
      ...spec(jobId),
      serviceId: 'binned',
      extraGuestModule: 'HeteroFeatureBinning',
    });
    expect(
      await refusal(infer(other.guest.services, { serviceId: 'binned', records: [record({ x0: 1, x1: 1 }, 'a')] })),
    ).toEqual([
      107,
      `model ${MODEL_ID} ${VERSION} at guest ${GUEST} cannot be served: extra_0 is a HeteroFeatureBinning, which online inference does not run`,
    ]);
  });

  it('refuses a host that cannot be reached as a network error (105), with no score', async () => {
    federation.network.isolate(HOST);
    const [code, message] = await refusal(
      infer(federation.guest.services, { serviceId: 'breast-lr', records: [record({ x0: 1, x1: 1 }, 'a')] }),
    );
    expect(code).toBe(105);
    expect(message).toMatch(new RegExp(`^host ${HOST}: `));
  });
});
