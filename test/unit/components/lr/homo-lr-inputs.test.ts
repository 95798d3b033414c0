import { describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import { binaryMetrics, round6 } from '../../../../runner/components/binary-metrics.js';
import type { InputModel, InputTable } from '../../../../runner/components/component.js';
import { HomoLR } from '../../../../runner/components/homo-lr.js';
import { type Client, plainFedAvg } from '../homo-lr/plain-fedavg.js';
import { fakeContext, inputTable, type Written } from '../support/fake-context.js';
import { memoryFederation } from '../support/memory-federation.js';
import { type LrModelJson, outputRows } from './hetero-harness.js';

/** Rows that are not separable (every fifth label flipped), so the validation metrics are not all 1. */
function clientData(rows: number, offset: number): Client {
  const x = Array.from({ length: rows }, (_, i) => [
    (((i + offset) * 7) % 9) / 4 - 1,
    (((i + offset) * 5) % 11) / 8 - 0.6,
  ]);
  return { x, y: x.map(([a = 0, b = 0], i) => (a + b > 0 !== ((i + offset) % 5 === 0) ? 1 : 0)) };
}
const table = (client: Client, prefix: string): InputTable =>
  inputTable(
    `${prefix}.data`,
    `id,y,x0,x1\n${client.x.map((x, i) => `${prefix}${i},${client.y[i]},${x.join(',')}`).join('\n')}\n`,
    { label_name: 'y', with_label: true },
  );

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
const train = [clientData(30, 0), clientData(20, 13)];
const validate = [clientData(15, 40), clientData(12, 57)];
const base = {
  penalty: 'L2',
  alpha: 0.01,
  optimizer: 'sgd',
  learning_rate: 1,
  aggregate_iters: 1,
  early_stop: 'weight_diff',
  tol: 0,
  init_param: { init_method: 'zeros' },
  encrypt_param: { method: null },
};

async function runHomo(
  parameters: Record<string, unknown>,
  given: readonly { inputs: Record<string, InputTable[]>; model?: InputModel }[],
): Promise<Written[]> {
  const federation = memoryFederation({ guest: [9999], host: [10000], arbiter: [10000] });
  const runs = [guest, host, arbiter].map((party, p) => {
    const { inputs, model } = given[p] ?? { inputs: {} };
    const parsed = HomoLR.parameters.parse(parameters);
    const models = model === undefined ? {} : { model: [model] };
    const { ctx, written } = fakeContext(party, parsed, federation.channel(party), inputs, 'HomoLR', models);
    return { run: HomoLR.run(ctx), written };
  });
  await Promise.all(runs.map((r) => r.run));
  return runs.map((r) => r.written);
}

const trainInputs = (withValidate: boolean) =>
  [0, 1, 2].map((p) => {
    const own = (data: Client[], prefix: string) => (p < 2 ? [table(data[p] as Client, `${prefix}${p}-`)] : []);
    return { inputs: { train_data: own(train, 't'), ...(withValidate ? { validate_data: own(validate, 'v') } : {}) } };
  });

const modelsOf = (written: readonly Written[]): InputModel[] =>
  written.map((w) => ({
    name: 'homo_lr_0.model',
    component: 'homo_lr_0',
    model: w.models.get('model')?.model,
    meta: w.models.get('model')?.meta ?? {},
  }));
const modelOf = (w: Written | undefined) => w?.models.get('model')?.model as LrModelJson;

describe('HomoLR reads every input FATE gives it', () => {
  it("validates each client's own rows every validation_freqs epochs and logs the aggregated loss at every client", async () => {
    const written = await runHomo({ ...base, max_iter: 4, validation_freqs: [1, 3] }, trainInputs(true));
    for (const w of written.slice(0, 2)) {
      expect([...w.metrics.keys()].sort()).toEqual([
        'train/iteration_1',
        'train/iteration_3',
        'train/loss',
        'validate/iteration_1',
        'validate/iteration_3',
      ]);
      expect(w.metrics.get('train/loss')).toEqual(modelOf(w).loss_history.map((loss, it) => [it, loss]));
      const rows = outputRows(w).filter((cells) => cells[5] === 'validate');
      const metrics = binaryMetrics(
        rows.map((cells) => Number(cells[1])),
        rows.map((cells) => Number(cells[3])),
        0.5,
      );
      expect(w.metrics.get('validate/iteration_3')).toEqual([
        ['auc', round6(metrics.auc)],
        ['ks', round6(metrics.ks)],
      ]);
    }
    expect(outputRows(written[0]).filter((cells) => cells[5] === 'validate')).toHaveLength(15);
    expect(outputRows(written[1]).filter((cells) => cells[5] === 'validate')).toHaveLength(12);
    // FATE's client summary: the global weights by feature and the aggregated losses; its arbiter sets none.
    for (const w of written.slice(0, 2)) {
      expect(w.summaries).toEqual([
        {
          coef: modelOf(w).weight,
          intercept: modelOf(w).intercept,
          is_converged: false,
          best_iteration: -1,
          local_loss_history: modelOf(w).loss_history,
        },
      ]);
      expect(modelOf(w).loss_history).toHaveLength(4);
    }
    expect(written[2]?.summaries).toEqual([]);
  });

  it('predicts test_data with the global model at each client, without any exchange', async () => {
    const trained = await runHomo({ ...base, max_iter: 3 }, trainInputs(false));
    const models = modelsOf(trained);
    const tests = [table(train[0] as Client, 't0-'), table(train[1] as Client, 't1-')];
    const written = await runHomo({ ...base, max_iter: 3 }, [
      { inputs: { test_data: [tests[0] as InputTable] }, model: models[0] },
      { inputs: { test_data: [tests[1] as InputTable] }, model: models[1] },
      { inputs: { test_data: [] }, model: models[2] },
    ]);
    [0, 1].forEach((c) => {
      const trainRows = outputRows(trained[c]);
      const testRows = outputRows(written[c]);
      expect(testRows.map((cells) => cells[5])).toEqual(trainRows.map(() => 'test'));
      testRows.forEach((cells, i) => {
        expect(cells.slice(0, 5)).toEqual(trainRows[i]?.slice(0, 5));
      });
    });
  });

  it('warm-starts from the global model: 3 + 3 epochs end where 6 epochs do', async () => {
    const first = await runHomo({ ...base, max_iter: 3 }, trainInputs(false));
    const models = modelsOf(first);
    const warm = await runHomo(
      { ...base, max_iter: 6 },
      trainInputs(false).map((party, p) => ({ ...party, model: models[p] })),
    );
    const straight = plainFedAvg(train, { learningRate: 1, alpha: 0.01, maxIter: 6, aggregateIters: 1 });
    const model = modelOf(warm[0]);
    expect(model.weight.x0).not.toBeCloseTo(modelOf(first[0]).weight.x0 ?? Number.NaN, 4);
    expect(model.weight.x0).toBeCloseTo(straight.w[0] ?? Number.NaN, 6);
    expect(model.weight.x1).toBeCloseTo(straight.w[1] ?? Number.NaN, 6);
    expect(model.intercept).toBeCloseTo(straight.b, 6);
    expect(warm.map((w) => modelOf(w).iters)).toEqual([6, 6, 6]);
    expect(model.loss_history.slice(0, 3)).toEqual(modelOf(first[0]).loss_history);
    expect(warm[0]?.metrics.get('train/loss')?.map(([it]) => it)).toEqual([3, 4, 5]);
  });

  it("keeps the global model after every save_freq-th epoch at every party with FATE's ModelCheckpoint", async () => {
    const settings = { ...base, max_iter: 4, callback_param: { callbacks: ['ModelCheckpoint'], save_freq: 'epoch' } };
    const written = await runHomo(settings, trainInputs(false));
    for (const w of written) {
      expect([...w.models.keys()].filter((key) => key !== 'model')).toEqual([
        'checkpoint 0 iteration_0',
        'checkpoint 1 iteration_1',
        'checkpoint 2 iteration_2',
        'checkpoint 3 iteration_3',
      ]);
      expect(w.models.get('checkpoint 3 iteration_3')?.model).toEqual(modelOf(w));
      expect(w.models.get('checkpoint 1 iteration_1')?.meta).toEqual({ model_type: 'HomoLR' });
    }
    const afterTwo = plainFedAvg(train, { learningRate: 1, alpha: 0.01, maxIter: 2, aggregateIters: 1 });
    const second = written[1]?.models.get('checkpoint 1 iteration_1')?.model as LrModelJson;
    expect([second.iters, second.loss_history.length]).toEqual([2, 2]);
    expect(second.weight.x0).toBeCloseTo(afterTwo.w[0] ?? Number.NaN, 6);
    expect(second.intercept).toBeCloseTo(afterTwo.b, 6);
  });
});
