import { type HomoLrParameters, homoLrSpec } from '../../components/homo-lr.js';
import { type ComponentContext, defineComponent } from './component.js';
import { runArbiter } from './homo-lr/arbiter.js';
import { trainClient } from './homo-lr/client.js';
import { homoTrainingData } from './homo-lr/local-training.js';
import { binaryPrediction, predictionTableCsv } from './prediction-table.js';

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

async function writeOutputs(ctx: ComponentContext<HomoLrParameters>, csv: string, model: HomoModel): Promise<void> {
  for (const name of ctx.outputs.data) await ctx.writeData(name, csv, { eval_type: 'binary', pos_label: 1 });
  for (const name of ctx.outputs.model) await ctx.writeModel(name, modelOf(ctx, model), { model_type: 'HomoLR' });
}

/**
 * FATE's HomoLR: logistic regression over rows split between the guest and the hosts (every client
 * holds labels), trained by federated averaging with the arbiter as the aggregator; the clients'
 * models reach it only as a securely aggregated sum (homo-lr/protocol.ts lists every message).
 * Outputs: `model` everywhere (the global model); `data`, the predictions on the client's training
 * rows (type train), at guest and hosts, and an empty prediction table at the arbiter.
 */
export const HomoLR = defineComponent(homoLrSpec, {
  async run(ctx) {
    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    if (ctx.role === 'arbiter') {
      const result = await runArbiter(ctx);
      await writeOutputs(ctx, predictionTableCsv([]), result);
      ctx.log(`aggregated ${result.iterations} epochs, converged ${result.converged}, ${seconds()} s`);
      return;
    }
    const data = homoTrainingData(ctx);
    const result = await trainClient(ctx, data);
    const threshold = ctx.parameters.predict_param.threshold;
    const rows = data.ids.map((id, i) =>
      binaryPrediction(id, Number(data.labelCells?.[i] ?? ''), result.scores[i] ?? 0, 'train', threshold),
    );
    await writeOutputs(ctx, predictionTableCsv(rows), {
      ...result,
      header: data.featureNames,
      coef: result.weights.coef,
      intercept: result.weights.intercept,
    });
    ctx.log(
      `trained on ${data.ids.length} rows × ${data.featureNames.length} features: ${result.iterations} epochs, ` +
        `converged ${result.converged}, ${seconds()} s`,
    );
  },
});
