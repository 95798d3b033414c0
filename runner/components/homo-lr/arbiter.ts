import type { HomoLrParameters } from '../../../components/homo-lr.js';
import { FederatedError } from '../../../functions/domain/errors.js';
import type { ComponentContext } from '../component.js';
import { ConvergenceCheck } from '../hetero-lr/optimizer.js';
import type { TrainingStart } from '../hetero-lr/training.js';
import { asBigIntArray, asBoolean, asRecord, asStringArray } from '../transfer-values.js';
import { aggregationEpochs, HOMO_TAGS, homoParties, vectorLength } from './protocol.js';
import { decodeVector, sumResidues } from './secure-aggregation.js';

type Ctx = ComponentContext<HomoLrParameters>;

export interface ArbiterResult {
  readonly header: readonly string[];
  readonly coef: readonly number[];
  readonly intercept: number | undefined;
  readonly iterations: number;
  readonly converged: boolean;
  readonly losses: readonly number[];
}

/** Every client must train the same model shape, or the sums mean nothing: checked before round 0. */
async function agreedShape(ctx: Ctx, clients: ReturnType<typeof homoParties>['clients']) {
  const shapes = await Promise.all(
    clients.map(async (client) => {
      const what = `${HOMO_TAGS.header} from ${client.role} ${client.partyId}`;
      const shape = asRecord(await ctx.federation.get(HOMO_TAGS.header, client), what);
      return { features: asStringArray(shape.features, `${what}.features`), fit: asBoolean(shape.fit_intercept, what) };
    }),
  );
  const [first] = shapes;
  const key = (s: { features: string[]; fit: boolean }) => `${s.features.join(',')}|${s.fit}`;
  const odd = shapes.findIndex((s) => first === undefined || key(s) !== key(first));
  return {
    first,
    error:
      odd < 0
        ? null
        : `the clients' features differ (${clients.map((c, i) => `${c.role} ${c.partyId}: ${shapes[i]?.features.join(', ')}`).join('; ')})`,
  };
}

/**
 * FATE's HomoLR arbiter: the aggregator. Each round it adds the clients' masked vectors (the pair
 * masks cancel: it reads only Σnᵢ·wᵢ, Σnᵢ and Σnᵢ·lossᵢ), publishes the FedAvg model
 * w = Σnᵢwᵢ / Σnᵢ, logs the weighted loss (FATE's metric train/loss) and decides convergence:
 * diff |loss − previous| < tol, abs loss ≤ tol, weight_diff ‖w − previous w‖ < tol.
 */
export async function runArbiter(
  ctx: Ctx,
  start: TrainingStart,
  /** FATE's ModelCheckpoint: the global model after each aggregation epoch. */
  checkpoint: (epoch: number, result: ArbiterResult) => Promise<void>,
): Promise<ArbiterResult> {
  const { federation: channel, parameters: p } = ctx;
  const { clients } = homoParties(channel);
  const { first, error } = await agreedShape(ctx, clients);
  await channel.remote(HOMO_TAGS.setup, { error }, clients);
  if (error !== null || first === undefined) throw new FederatedError(error ?? 'no client shape');
  const features = first.features.length;
  const length = vectorLength(features, first.fit);
  const check = new ConvergenceCheck(p.early_stop, p.tol);
  const schedule = aggregationEpochs(p.max_iter, p.aggregate_iters, start.iteration);
  const losses: number[] = [...start.losses];
  let previous: number[] | undefined;
  // A warm start's arbiter holds the global model it ended with; it stands until the first round.
  let model: number[] = start.weights
    ? [...start.weights.coef, ...(start.weights.intercept === undefined ? [] : [start.weights.intercept])]
    : [];
  let converged = false;
  let iterations = start.iteration;
  for (const [round, epoch] of schedule.entries()) {
    const tag = HOMO_TAGS.maskedModel(round);
    const vectors = await Promise.all(
      clients.map(async (c) => asBigIntArray(await channel.get(tag, c), `${tag} from ${c.role} ${c.partyId}`, length)),
    );
    const sum = decodeVector(sumResidues(vectors, length));
    const total = sum[length - 2] ?? 0;
    if (!(total > 0)) throw new FederatedError(`round ${round}: the clients hold ${total} rows in all`);
    model = sum.slice(0, length - 2).map((value) => value / total);
    const loss = (sum[length - 1] ?? 0) / total;
    losses.push(loss);
    await ctx.logMetric('train', 'loss', [[epoch, loss]], { metric_type: 'LOSS', unit_name: 'iters' });
    if (p.early_stop === 'weight_diff') {
      const last = previous;
      converged = last !== undefined && check.byWeightDiff(model.reduce((s, w, j) => s + (w - (last[j] ?? 0)) ** 2, 0));
    } else {
      converged = check.byLoss(loss);
    }
    previous = model;
    const global = {
      coef: model.slice(0, features),
      intercept: first.fit ? (model[features] ?? 0) : null,
      loss,
      converged,
    };
    await channel.remote(HOMO_TAGS.aggregatedModel(round), global, clients);
    iterations = epoch + 1;
    ctx.log(`round ${round} (epoch ${epoch}): loss ${loss}, converged ${converged}`);
    await checkpoint(epoch, resultOf(first, model, iterations, converged, losses));
    if (converged) break;
  }
  return resultOf(first, model, iterations, converged, losses);
}

function resultOf(
  shape: { readonly features: readonly string[]; readonly fit: boolean },
  model: readonly number[],
  iterations: number,
  converged: boolean,
  losses: readonly number[],
): ArbiterResult {
  const features = shape.features.length;
  return {
    header: shape.features,
    coef: model.slice(0, features),
    intercept: shape.fit ? (model[features] ?? 0) : undefined,
    iterations,
    converged,
    losses: [...losses],
  };
}
