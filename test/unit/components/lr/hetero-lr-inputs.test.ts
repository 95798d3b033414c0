import { describe, expect, it } from '@jest/globals';
import { plainHeteroLr } from '../../../../bench/plain-hetero-lr.js';
import { binaryMetrics, round6 } from '../../../../runner/components/binary-metrics.js';
import type { Written } from '../support/fake-context.js';
import {
  guestTable,
  hostTable,
  type LrModelJson,
  modelInputs,
  modelOf,
  outputRows,
  runHetero,
  TRAIN,
  trainingInputs,
  VALIDATE,
} from './hetero-harness.js';

const base = {
  penalty: 'L2',
  alpha: 0.01,
  optimizer: 'sgd',
  learning_rate: 0.15,
  init_param: { init_method: 'zeros' },
  tol: 0,
  shuffle: false,
  encrypt_param: { key_length: 512 },
};

const reference = (iterations: number, optimizer: 'sgd' | 'rmsprop' = 'sgd') =>
  plainHeteroLr({
    guest: TRAIN.guest,
    hosts: [TRAIN.host],
    labels: TRAIN.labels,
    batches: [TRAIN.ids.map((_, i) => i)],
    iterations,
    learningRate: 0.15,
    alpha: 0.01,
    optimizer,
  });

describe('HeteroLR reads every input FATE gives it', () => {
  it("validates every validation_freqs iterations, logging FATE's train and validate metrics, and predicts both tables", async () => {
    const written = await runHetero({ ...base, max_iter: 6, validation_freqs: 2 }, trainingInputs(true));
    const [atGuest, atHost, atArbiter] = written;
    expect([...(atGuest?.metrics.keys() ?? [])].sort()).toEqual([
      'train/iteration_1',
      'train/iteration_3',
      'train/iteration_5',
      'train/loss',
      'validate/iteration_1',
      'validate/iteration_3',
      'validate/iteration_5',
    ]);
    expect([...(atHost?.metrics.keys() ?? [])]).toEqual([]);
    expect([...(atArbiter?.metrics.keys() ?? [])]).toEqual(['train/loss']);
    // The last validation saw the final model: its metrics are those of the output's validate rows.
    const rows = outputRows(atGuest);
    expect(rows.map((cells) => cells[0])).toEqual([...TRAIN.ids, ...VALIDATE.ids]);
    expect(rows.map((cells) => cells[5])).toEqual([
      ...TRAIN.ids.map(() => 'train'),
      ...VALIDATE.ids.map(() => 'validate'),
    ]);
    const validateRows = rows.slice(TRAIN.ids.length);
    const metrics = binaryMetrics(
      validateRows.map((cells) => Number(cells[1])),
      validateRows.map((cells) => Number(cells[3])),
      0.5,
    );
    expect(atGuest?.metrics.get('validate/iteration_5')).toEqual([
      ['auc', round6(metrics.auc)],
      ['ks', round6(metrics.ks)],
    ]);
    // The guest's loss series, per iteration while it trains, is the model's loss history.
    expect(atGuest?.metrics.get('train/loss')).toEqual(modelOf(atGuest).loss_history.map((loss, it) => [it, loss]));
    expect(modelOf(atGuest).loss_history).toHaveLength(6);
  });

  it('stops early when a metric has not improved for early_stopping_rounds validations, every party keeping the best iteration', async () => {
    const settings = {
      ...base,
      optimizer: 'rmsprop',
      max_iter: 40,
      callback_param: { callbacks: ['EarlyStopping'], validation_freqs: 1, early_stopping_rounds: 2 },
      metrics: ['auc'],
    };
    const written = await runHetero(settings, trainingInputs(true));
    const auc = Array.from({ length: 40 }, (_, it) => written[0]?.metrics.get(`validate/iteration_${it}`)?.[0]?.[1]);
    const validated = auc.filter((value) => value !== undefined) as number[];
    const best = modelOf(written[0]).best_iteration;
    const iters = modelOf(written[0]).iters;
    expect(iters).toBeLessThan(40);
    expect(written.map((w) => [modelOf(w).iters, modelOf(w).best_iteration])).toEqual([
      [iters, best],
      [iters, best],
      [iters, best],
    ]);
    // Stopped two validations after the last strict improvement of AUC.
    expect(validated).toHaveLength(iters);
    expect(iters - 1).toBe(best + 2);
    expect(validated.slice(0, best).every((value) => value < (validated[best] ?? 0))).toBe(true);
    expect(validated.slice(best + 1).every((value) => value <= (validated[best] ?? 0))).toBe(true);
    // The kept model is the one of the best iteration, not the last.
    expect(best).toBeGreaterThan(0);
    const kept = reference(best + 1, 'rmsprop');
    expect(modelOf(written[0]).weight.x0).toBeCloseTo(kept.guest[0] ?? Number.NaN, 9);
    expect(modelOf(written[0]).intercept).toBeCloseTo(kept.intercept, 9);
    expect(modelOf(written[1]).weight.h1).toBeCloseTo(kept.hosts[0]?.[1] ?? Number.NaN, 9);
    // FATE's summaries: the kept weights by feature at guest and host, the kept iteration's loss at the arbiter.
    const trainAuc = Array.from(
      { length: iters },
      (_, it) => written[0]?.metrics.get(`train/iteration_${it}`)?.[0]?.[1],
    );
    expect(written[0]?.summaries).toEqual([
      {
        coef: modelOf(written[0]).weight,
        intercept: modelOf(written[0]).intercept,
        is_converged: false,
        one_vs_rest: false,
        best_iteration: best,
        validation_metrics: { train: { auc: trainAuc }, validate: { auc: validated } },
      },
    ]);
    expect(trainAuc.every((value) => typeof value === 'number')).toBe(true);
    expect(Object.keys(modelOf(written[0]).weight)).toEqual(['x0', 'x1']);
    expect(written[1]?.summaries).toEqual([
      {
        coef: modelOf(written[1]).weight,
        intercept: 0,
        is_converged: false,
        one_vs_rest: false,
        best_iteration: best,
        validation_metrics: {},
      },
    ]);
    const losses = modelOf(written[2]).loss_history;
    expect(losses).toHaveLength(iters);
    expect(written[2]?.summaries).toEqual([
      { loss_history: losses, is_converged: false, best_iteration: best, best_iter_loss: losses[best] },
    ]);
  });

  it("keeps the model of every save_freq-th iteration at every party with FATE's ModelCheckpoint", async () => {
    const settings = { ...base, max_iter: 5, callback_param: { callbacks: ['ModelCheckpoint'], save_freq: 2 } };
    const written = await runHetero(settings, trainingInputs(false));
    const checkpoints = (w: Written | undefined) => [...(w?.models.keys() ?? [])].filter((key) => key !== 'model');
    for (const w of written) {
      expect(checkpoints(w)).toEqual([
        'checkpoint 0 iteration_0',
        'checkpoint 2 iteration_2',
        'checkpoint 4 iteration_4',
      ]);
      expect(w.models.get('checkpoint 2 iteration_2')?.meta).toEqual({ model_type: 'HeteroLR' });
    }
    const [atGuest, atHost, atArbiter] = written;
    const step = (w: Written | undefined, index: number) =>
      w?.models.get(`checkpoint ${index} iteration_${index}`)?.model as LrModelJson;
    // The last iteration's checkpoint is the model the task ends with.
    expect(step(atGuest, 4)).toEqual(modelOf(atGuest));
    expect(step(atHost, 4)).toEqual(modelOf(atHost));
    expect(step(atArbiter, 4)).toEqual(modelOf(atArbiter));
    // Earlier ones hold the weights after that iteration, as plain LR computes them.
    const afterOne = reference(1);
    expect([step(atGuest, 0).iters, step(atGuest, 0).loss_history.length]).toEqual([1, 1]);
    expect(step(atGuest, 0).weight.x0).toBeCloseTo(afterOne.guest[0] ?? Number.NaN, 9);
    expect(step(atGuest, 0).intercept).toBeCloseTo(afterOne.intercept, 9);
    expect(step(atHost, 2).weight.h1).toBeCloseTo(reference(3).hosts[0]?.[1] ?? Number.NaN, 9);
    expect(step(atArbiter, 2).loss_history).toEqual(modelOf(atArbiter).loss_history.slice(0, 3));
  });

  it('predicts test_data with a model input: the test rows score as the training job scored them', async () => {
    const trained = await runHetero({ ...base, max_iter: 3 }, trainingInputs(false));
    const models = modelInputs(trained);
    const written = await runHetero({ ...base, max_iter: 3 }, [
      { inputs: { test_data: [guestTable(TRAIN, 'test')] }, model: models[0] },
      { inputs: { test_data: [hostTable(TRAIN, 'test')] }, model: models[1] },
      { inputs: { test_data: [] }, model: models[2] },
    ]);
    const trainRows = outputRows(trained[0]);
    const testRows = outputRows(written[0]);
    expect(testRows.map((cells) => [cells[0], cells[1], cells[5]])).toEqual(
      TRAIN.ids.map((id, i) => [id, String(TRAIN.labels[i]), 'test']),
    );
    testRows.forEach((cells, i) => {
      expect(Number(cells[3])).toBeCloseTo(Number(trainRows[i]?.[3]), 12);
    });
    expect(written.map((w) => w.models.get('model')?.model)).toEqual(models.map((m) => m.model));
    expect(outputRows(written[1])).toEqual([]);
  });

  it('warm-starts from a model beside train_data: training continues from its weights and iteration count', async () => {
    const first = await runHetero({ ...base, max_iter: 3 }, trainingInputs(false));
    const models = modelInputs(first);
    const given = trainingInputs(false).map((party, p) => ({ ...party, model: models[p] }));
    const warm = await runHetero({ ...base, max_iter: 6 }, given);
    const straight = reference(6);
    const [before, after] = [modelOf(first[0]), modelOf(warm[0])];
    expect(after.weight.x0).not.toBeCloseTo(before.weight.x0 ?? Number.NaN, 6);
    expect(after.weight.x0).toBeCloseTo(straight.guest[0] ?? Number.NaN, 9);
    expect(after.intercept).toBeCloseTo(straight.intercept, 9);
    expect(modelOf(warm[1]).weight.h0).toBeCloseTo(straight.hosts[0]?.[0] ?? Number.NaN, 9);
    expect(modelOf(warm[1]).weight.h0).not.toBeCloseTo(modelOf(first[1]).weight.h0 ?? Number.NaN, 6);
    expect(warm.map((w) => modelOf(w).iters)).toEqual([6, 6, 6]);
    expect(after.loss_history.slice(0, 3)).toEqual(before.loss_history);
    after.loss_history.forEach((loss, t) => {
      expect(loss).toBeCloseTo(straight.losses[t] ?? Number.NaN, 9);
    });
    // Only the continued iterations ran: the guest's loss metric has points 3, 4, 5.
    expect(warm[0]?.metrics.get('train/loss')?.map(([it]) => it)).toEqual([3, 4, 5]);
    // Without validation_freqs the summary has no validation_metrics; the arbiter's loss is the last one's.
    expect(Object.keys(warm[0]?.summaries[0] ?? {})).toEqual([
      'coef',
      'intercept',
      'is_converged',
      'one_vs_rest',
      'best_iteration',
    ]);
    expect(warm[2]?.summaries).toEqual([
      {
        loss_history: modelOf(warm[2]).loss_history,
        is_converged: false,
        best_iteration: -1,
        best_iter_loss: modelOf(warm[2]).loss_history.at(-1),
      },
    ]);
  });
});
