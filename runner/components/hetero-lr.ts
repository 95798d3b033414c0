import { type HeteroLrParameters, heteroLrSpec } from '../../components/hetero-lr.js';
import { validationSettings } from '../../components/lr-parameters.js';
import { DataError } from '../../functions/domain/errors.js';
import { type ComponentContext, defineComponent, type InputModel } from './component.js';
import { runArbiter } from './hetero-lr/arbiter.js';
import { trainGuest } from './hetero-lr/guest.js';
import { trainHost } from './hetero-lr/host.js';
import { modelOf, predictionRows, writeOutputs, writeTrainingSummary } from './hetero-lr/outputs.js';
import { paillierWork } from './hetero-lr/paillier-threads.js';
import type { PaillierWork } from './hetero-lr/paillier-work.js';
import { predictHeteroLr } from './hetero-lr/predict.js';
import { LR_TAGS, lrParties } from './hetero-lr/protocol.js';
import { guestWx, hostShare, sameFeatures } from './hetero-lr/scoring.js';
import { FRESH_START, type ResultCheckpoint, sigmoid, type TrainingStart } from './hetero-lr/training.js';
import { type PartyData, partyData } from './hetero-lr/training-data.js';
import { ArbiterValidation, GuestValidation, HostValidation } from './hetero-lr/validation.js';
import { iterationCheckpoints } from './lr-checkpoints.js';
import { type LrTask, lrModel, lrTask, required, weightsFor } from './lr-inputs.js';

/**
 * FATE's HeteroLR: logistic regression over features split between a guest (with the labels) and
 * hosts, trained with the arbiter's Paillier key so that no party sees another's features, labels
 * or gradients (hetero-lr/protocol.ts lists every message). It reads every input FATE gives it:
 * train_data, validate_data (validation_freqs, early stopping), a model beside train_data (warm
 * start) and test_data with a model (predict, hetero-lr/predict.ts). Outputs: `model` at every
 * party; `data`, the predictions (training rows, then validate rows), at the guest (an empty
 * prediction table elsewhere).
 */
export const HeteroLR = defineComponent(heteroLrSpec, {
  async run(ctx) {
    const task = lrTask(ctx);
    if (task.mode === 'predict') {
      await predictHeteroLr(ctx, task.test, task.model);
      return;
    }
    // The Paillier work over the task's cores (ctx.threads), until the component ends either way.
    const work = paillierWork(ctx.threads);
    try {
      await train(ctx, task, work);
    } finally {
      await work.close();
    }
  },
});

async function train(
  ctx: ComponentContext<HeteroLrParameters>,
  task: Extract<LrTask, { mode: 'train' }>,
  work: PaillierWork,
): Promise<void> {
  const started = Date.now();
  if (work.threads > 1) ctx.log(`Paillier work on ${work.threads} threads`);
  const parties = lrParties(ctx.federation, ctx.parameters);
  // Every party sends at once its setup allows (the arbiter its key, right after generating it):
  // the peer client gets ready meanwhile, not at the first send (the channel leaves out this task).
  ctx.federation.prepare([parties.guest, ...parties.hosts, parties.arbiter]);
  const keep = iterationCheckpoints(ctx, 'HeteroLR');
  if (validationSettings(ctx.parameters).earlyStoppingRounds !== null && !task.validating) {
    // FATE's ValidationStrategy refuses it the same way.
    throw new DataError('early_stopping_rounds needs validate data: give HeteroLR input.data.validate_data');
  }
  if (ctx.role === 'arbiter') {
    const validation = new ArbiterValidation(ctx, parties, task.validating);
    const checkpoint: ResultCheckpoint = (it, result) => keep(it, () => modelOf(ctx, result));
    const result = await runArbiter(ctx, { start: warmStart(task.warmStart), validation, work, checkpoint });
    await writeOutputs(ctx, [], modelOf(ctx, { ...result, weights: { coef: [], intercept: undefined } }));
    await writeTrainingSummary(ctx, result);
    ctx.log(`arbitrated: ${summary(result, started)}`);
    return;
  }
  const data = partyData(required(task.train, ctx, 'train_data'), ctx.role === 'guest');
  const validate = validateData(ctx, task, data);
  const start = warmStart(task.warmStart, data);
  const checkpoint: ResultCheckpoint = (it, result) => keep(it, () => modelOf(ctx, result, data));
  if (ctx.role === 'host') {
    const validation = new HostValidation(ctx, parties, data, validate);
    const result = await trainHost(ctx, data, { start, validation, work, checkpoint });
    if (validate !== undefined) {
      await ctx.federation.remote(LR_TAGS.predictValidateWx, hostShare(validate, result.weights), [parties.guest]);
    }
    await writeOutputs(ctx, [], modelOf(ctx, result, data));
    await writeTrainingSummary(ctx, result, data, validation.validationMetrics());
    ctx.log(`trained ${data.featureNames.length} features: ${summary(result, started)}`);
    return;
  }
  const validation = new GuestValidation(ctx, parties, data, validate);
  const { result, scores } = await trainGuest(ctx, data, { start, validation, work, checkpoint });
  const threshold = ctx.parameters.predict_param.threshold;
  const rows = predictionRows(data, scores, threshold, 'train');
  if (validate !== undefined) {
    const wx = await guestWx(ctx.federation, parties.hosts, LR_TAGS.predictValidateWx, validate, result.weights);
    rows.push(...predictionRows(validate, wx.map(sigmoid), threshold, 'validate'));
  }
  await writeOutputs(ctx, rows, modelOf(ctx, result, data));
  await writeTrainingSummary(ctx, result, data, validation.validationMetrics());
  ctx.log(`trained on ${data.ids.length} rows × ${data.featureNames.length} features: ${summary(result, started)}`);
}

function validateData(
  ctx: ComponentContext<unknown>,
  task: Extract<LrTask, { mode: 'train' }>,
  train: PartyData,
): PartyData | undefined {
  if (!task.validating) return undefined;
  const validate = partyData(required(task.validate, ctx, 'validate_data'), ctx.role === 'guest');
  sameFeatures(train, validate);
  return validate;
}

/** FATE's warm start: continue from the model's iteration count, weights and loss history. */
function warmStart(input: InputModel | undefined, data?: PartyData): TrainingStart {
  if (input === undefined) return FRESH_START;
  const model = lrModel(input, 'HeteroLR');
  return {
    iteration: model.iters,
    weights: data === undefined ? undefined : weightsFor(model, data.featureNames, data.name),
    losses: model.lossHistory,
  };
}

function summary(result: { iterations: number; converged: boolean }, started: number): string {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return `${result.iterations} iterations, converged ${result.converged}, ${seconds} s`;
}
