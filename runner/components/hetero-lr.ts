import { type HeteroLrParameters, heteroLrSpec } from '../../components/hetero-lr.js';
import { type ComponentContext, defineComponent } from './component.js';
import { runArbiter } from './hetero-lr/arbiter.js';
import { trainGuest } from './hetero-lr/guest.js';
import { trainHost } from './hetero-lr/host.js';
import { modelOf, PREDICTION_HEADER, predictionCsv, writeOutputs } from './hetero-lr/outputs.js';
import { paillierWork } from './hetero-lr/paillier-threads.js';
import type { PaillierWork } from './hetero-lr/paillier-work.js';
import { partyData, trainingTable } from './hetero-lr/training-data.js';
import { tableCsv } from './table-csv.js';

/**
 * FATE's HeteroLR: logistic regression over features split between a guest (with the labels) and
 * hosts, trained with the arbiter's Paillier key so that no party sees another's features, labels
 * or gradients (hetero-lr/protocol.ts lists every message). Outputs: `model` at every party;
 * `data`, the predictions on the training rows, at the guest (an empty prediction table elsewhere).
 */
export const HeteroLR = defineComponent(heteroLrSpec, {
  async run(ctx) {
    // The Paillier work over the task's cores (ctx.threads), until the component ends either way.
    const work = paillierWork(ctx.threads);
    try {
      await train(ctx, work);
    } finally {
      await work.close();
    }
  },
});

async function train(ctx: ComponentContext<HeteroLrParameters>, work: PaillierWork): Promise<void> {
  const started = Date.now();
  if (work.threads > 1) ctx.log(`Paillier work on ${work.threads} threads`);
  const empty = tableCsv(PREDICTION_HEADER, []);
  if (ctx.role === 'guest') {
    const data = partyData(trainingTable(ctx), true);
    const { result, scores } = await trainGuest(ctx, data, work);
    await writeOutputs(
      ctx,
      predictionCsv(data, scores, ctx.parameters.predict_param.threshold),
      modelOf(ctx, result, data),
    );
    ctx.log(`trained on ${data.ids.length} rows × ${data.featureNames.length} features: ${summary(result, started)}`);
  } else if (ctx.role === 'host') {
    const data = partyData(trainingTable(ctx), false);
    const result = await trainHost(ctx, data, work);
    await writeOutputs(ctx, empty, modelOf(ctx, result, data));
    ctx.log(`trained ${data.featureNames.length} features: ${summary(result, started)}`);
  } else {
    const result = await runArbiter(ctx, work);
    await writeOutputs(ctx, empty, modelOf(ctx, { ...result, weights: { coef: [], intercept: undefined } }));
    ctx.log(`arbitrated: ${summary(result, started)}`);
  }
}

function summary(result: { iterations: number; converged: boolean }, started: number): string {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return `${result.iterations} iterations, converged ${result.converged}, ${seconds} s`;
}
