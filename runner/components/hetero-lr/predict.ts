import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import type { ComponentContext, InputModel, InputTable } from '../component.js';
import { lrModel, required, weightsFor } from '../lr-inputs.js';
import { predictionRows, writeOutputs } from './outputs.js';
import { LR_TAGS, lrParties } from './protocol.js';
import { guestWx, hostShare } from './scoring.js';
import { sigmoid } from './training.js';
import { partyData } from './training-data.js';

type Ctx = ComponentContext<HeteroLrParameters>;

/**
 * HeteroLR with test_data and a model (FATE's predict, in a training job or a predict job): each
 * host sends its wx of its test rows under its side of the model, the guest adds its own (and the
 * intercept) by id and writes FATE's prediction table, type "test"; the arbiter has nothing to do.
 * Every party writes the model it was given as its own model output, as FATE does.
 */
export async function predictHeteroLr(ctx: Ctx, test: InputTable | undefined, input: InputModel): Promise<void> {
  const parties = lrParties(ctx.federation, ctx.parameters);
  if (ctx.role === 'arbiter') {
    await writeOutputs(ctx, [], input.model);
    ctx.log(`predict: nothing to do at the arbiter (model ${input.name})`);
    return;
  }
  const model = lrModel(input, 'HeteroLR');
  const table = required(test, ctx, 'test_data');
  const data = partyData(table, false);
  const weights = weightsFor(model, data.featureNames, table.name);
  if (ctx.role === 'host') {
    await ctx.federation.remote(LR_TAGS.testWx, hostShare(data, weights), [parties.guest]);
    await writeOutputs(ctx, [], input.model);
    ctx.log(`predict: sent the scores' share of ${data.ids.length} rows with model ${input.name}`);
    return;
  }
  const wx = await guestWx(ctx.federation, parties.hosts, LR_TAGS.testWx, data, weights);
  const threshold = ctx.parameters.predict_param.threshold;
  await writeOutputs(ctx, predictionRows(data, wx.map(sigmoid), threshold, 'test'), input.model);
  ctx.log(`predicted ${data.ids.length} rows with model ${input.name}`);
}
