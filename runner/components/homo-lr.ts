import { type HomoLrParameters, homoLrSpec } from '../../components/homo-lr.js';
import { type ComponentContext, defineComponent, type InputModel, type InputTable } from './component.js';
import { sameFeatures } from './hetero-lr/scoring.js';
import { FRESH_START, sigmoid, type TrainingStart } from './hetero-lr/training.js';
import { type PartyData, partyData } from './hetero-lr/training-data.js';
import { runArbiter } from './homo-lr/arbiter.js';
import { type ClientResult, trainClient } from './homo-lr/client.js';
import { homoTrainingData, linear } from './homo-lr/local-training.js';
import { iterationCheckpoints } from './lr-checkpoints.js';
import { lrModel, lrTask, required, weightsFor } from './lr-inputs.js';
import { binaryPrediction, type PredictionRow, type PredictionType, predictionTableCsv } from './prediction-table.js';

interface HomoModel {
  readonly header: readonly string[];
  readonly coef: readonly number[];
  readonly intercept: number | undefined;
  readonly iterations: number;
  readonly converged: boolean;
  readonly losses: readonly number[];
}

/** The model as FATE's HomoLR model param holds it: weight per feature name, intercept, iterations, loss history. */
function modelOf(ctx: ComponentContext<HomoLrParameters>, m: HomoModel) {
  return {
    model_type: 'HomoLR',
    role: ctx.role,
    party_id: ctx.partyId,
    header: m.header,
    weight: Object.fromEntries(m.header.map((name, j) => [name, m.coef[j] ?? 0])),
    intercept: m.intercept ?? 0,
    fit_intercept: m.intercept !== undefined,
    iters: m.iterations,
    is_converged: m.converged,
    loss_history: m.losses,
    best_iteration: -1,
  };
}

async function writeOutputs(
  ctx: ComponentContext<HomoLrParameters>,
  rows: readonly PredictionRow[],
  model: unknown,
): Promise<void> {
  const csv = predictionTableCsv(rows);
  for (const name of ctx.outputs.data) await ctx.writeData(name, csv, { eval_type: 'binary', pos_label: 1 });
  for (const name of ctx.outputs.model) await ctx.writeModel(name, model, { model_type: 'HomoLR' });
}

/** FATE's prediction rows of one table with a client's weights. */
function predictions(
  ctx: ComponentContext<HomoLrParameters>,
  data: PartyData,
  weights: Parameters<typeof linear>[1],
  type: PredictionType,
): PredictionRow[] {
  const threshold = ctx.parameters.predict_param.threshold;
  return data.ids.map((id, i) => {
    const cell = data.labelCells?.[i] ?? '';
    const score = sigmoid(linear(data.features[i] ?? [], weights));
    return binaryPrediction(id, cell === '' ? null : Number(cell), score, type, threshold);
  });
}

/** FATE's warm start: continue from the model's iteration count, global weights and loss history. */
function warmStart(input: InputModel | undefined, data?: PartyData): TrainingStart {
  if (input === undefined) return FRESH_START;
  const model = lrModel(input, 'HomoLR');
  return {
    iteration: model.iters,
    weights: data === undefined ? model.weights : weightsFor(model, data.featureNames, data.name),
    losses: model.lossHistory,
  };
}

/** Predict (test_data with a model): every client scores its own rows with the global model; no exchange. */
async function predict(ctx: ComponentContext<HomoLrParameters>, test: InputTable | undefined, input: InputModel) {
  if (ctx.role === 'arbiter') {
    await writeOutputs(ctx, [], input.model);
    return;
  }
  const data = partyData(required(test, ctx, 'test_data'), false);
  const weights = weightsFor(lrModel(input, 'HomoLR'), data.featureNames, data.name);
  await writeOutputs(ctx, predictions(ctx, data, weights, 'test'), input.model);
  ctx.log(`predicted ${data.ids.length} rows with model ${input.name}`);
}

/**
 * FATE's HomoLR: logistic regression over rows split between the guest and the hosts (every client
 * holds labels), trained by federated averaging with the arbiter as the aggregator; the clients'
 * models reach it only as a securely aggregated sum (homo-lr/protocol.ts lists every message).
 * Reads train_data, validate_data (validation_freqs: each client validates its own rows), a model
 * beside train_data (warm start) and test_data with a model (predict). Outputs: `model` everywhere
 * (the global model); `data`, the predictions on the client's rows (train, then validate), at guest
 * and hosts, and an empty prediction table at the arbiter.
 */
export const HomoLR = defineComponent(homoLrSpec, {
  async run(ctx) {
    const task = lrTask(ctx);
    if (task.mode === 'predict') {
      await predict(ctx, task.test, task.model);
      return;
    }
    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    const keep = iterationCheckpoints(ctx, 'HomoLR');
    if (ctx.role === 'arbiter') {
      const result = await runArbiter(ctx, warmStart(task.warmStart), (epoch, global) =>
        keep(epoch, () => modelOf(ctx, global)),
      );
      await writeOutputs(ctx, [], modelOf(ctx, result));
      ctx.log(`aggregated ${result.iterations} epochs, converged ${result.converged}, ${seconds()} s`);
      return;
    }
    const data = homoTrainingData(ctx, required(task.train, ctx, 'train_data'));
    const validate = task.validating ? homoTrainingData(ctx, required(task.validate, ctx, 'validate_data')) : undefined;
    if (validate !== undefined) sameFeatures(data, validate);
    const clientModel = (result: ClientResult) =>
      modelOf(ctx, {
        ...result,
        header: data.featureNames,
        coef: result.weights.coef,
        intercept: result.weights.intercept,
      });
    const result = await trainClient(ctx, data, {
      start: warmStart(task.warmStart, data),
      validate,
      checkpoint: (epoch, state) => keep(epoch, () => clientModel(state)),
    });
    const rows = predictions(ctx, data, result.weights, 'train');
    if (validate !== undefined) rows.push(...predictions(ctx, validate, result.weights, 'validate'));
    await writeOutputs(ctx, rows, clientModel(result));
    // FATE's HomoLR client summary (its arbiter sets none); no early stopping here, so best_iteration is -1.
    await ctx.writeSummary({
      coef: Object.fromEntries(data.featureNames.map((name, j) => [name, result.weights.coef[j] ?? 0])),
      intercept: result.weights.intercept ?? 0,
      is_converged: result.converged,
      best_iteration: -1,
      local_loss_history: result.losses,
    });
    ctx.log(
      `trained on ${data.ids.length} rows × ${data.featureNames.length} features: ${result.iterations} epochs, ` +
        `converged ${result.converged}, ${seconds()} s`,
    );
  },
});
