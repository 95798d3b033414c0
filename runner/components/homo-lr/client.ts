import type { HomoLrParameters } from '../../../components/homo-lr.js';
import { validationSettings } from '../../../components/lr-parameters.js';
import { FederatedError } from '../../../functions/domain/errors.js';
import type { ComponentContext } from '../component.js';
import { LocalOptimizer, type Weights } from '../hetero-lr/optimizer.js';
import { initialWeights, miniBatches, seededRandom } from '../hetero-lr/setup.js';
import type { TrainingStart } from '../hetero-lr/training.js';
import { sigmoid } from '../hetero-lr/training.js';
import type { PartyData } from '../hetero-lr/training-data.js';
import { logValidation, validatesAt } from '../lr-validation.js';
import { asX25519PublicKey } from '../peer-keys.js';
import { asBoolean, asNumber, asNumberArray, asRecord } from '../transfer-values.js';
import { linear, localEpoch } from './local-training.js';
import { aggregationEpochs, HOMO_TAGS, type HomoParties, homoParties } from './protocol.js';
import {
  encodeVector,
  type MaskKeyPair,
  maskKeyPair,
  maskResidues,
  type PairMask,
  pairSeed,
} from './secure-aggregation.js';

type Ctx = ComponentContext<HomoLrParameters>;

export interface ClientResult {
  readonly weights: Weights;
  /** Epochs trained. */
  readonly iterations: number;
  readonly converged: boolean;
  /** The aggregated loss of each round, as the arbiter sent it back. */
  readonly losses: readonly number[];
}

/** X25519 with every other client, directly (the arbiter never relays the keys, so it cannot swap them). */
async function pairMasks(ctx: Ctx, parties: HomoParties): Promise<PairMask[]> {
  const self = parties.clients.findIndex((c) => c.role === ctx.role && c.partyId === ctx.partyId);
  const peers = parties.clients.filter((_, i) => i !== self);
  const own = maskKeyPair();
  await ctx.federation.remote(HOMO_TAGS.maskPublicKey, own.publicKey, peers);
  return Promise.all(
    parties.clients.map(async (peer, i) => {
      if (i === self) return undefined;
      const what = `${HOMO_TAGS.maskPublicKey} from ${peer.role} ${peer.partyId}`;
      const key = asX25519PublicKey(await ctx.federation.get(HOMO_TAGS.maskPublicKey, peer), what);
      return { seed: agreedSeed(own, key, self < i, `${ctx.jobId}/${ctx.component}`, what), add: self < i };
    }),
  ).then((pairs) => pairs.filter((pair) => pair !== undefined));
}

/**
 * The pair seed; a low-order point (whose shared secret anyone could compute, unmasking this
 * client's model to the arbiter) is refused by the curve library, named here as the peer's.
 */
function agreedSeed(own: MaskKeyPair, key: Uint8Array, ownIsLow: boolean, context: string, what: string): Uint8Array {
  try {
    return pairSeed(own, key, ownIsLow, context);
  } catch (error) {
    throw new FederatedError(
      `${what}: not a usable X25519 public key (${(error as Error).message}); refusing this key`,
    );
  }
}

/**
 * A HomoLR client (guest or host): trains on its own rows, and after each aggregation epoch sends
 * [n·w, n, n·loss] masked (secure-aggregation.ts) to the arbiter and continues from the FedAvg
 * model Σnᵢwᵢ / Σnᵢ it returns, until the arbiter says converged or max_iter epochs are done.
 */
export async function trainClient(
  ctx: Ctx,
  data: PartyData,
  run: {
    readonly start: TrainingStart;
    readonly validate: PartyData | undefined;
    /** FATE's ModelCheckpoint: the client's model after each epoch. */
    readonly checkpoint: (epoch: number, result: ClientResult) => Promise<void>;
  },
): Promise<ClientResult> {
  const { federation: channel, parameters: p } = ctx;
  const parties = homoParties(channel);
  const fit = p.init_param.fit_intercept;
  await channel.remote(HOMO_TAGS.header, { features: [...data.featureNames], fit_intercept: fit }, [parties.arbiter]);
  const pairs = await pairMasks(ctx, parties);
  const setup = asRecord(await channel.get(HOMO_TAGS.setup, parties.arbiter), `${HOMO_TAGS.setup} from arbiter`);
  if (typeof setup.error === 'string') throw new FederatedError(`the arbiter refused the job: ${setup.error}`);

  const random = seededRandom(p.init_param.random_seed);
  const features = data.featureNames.length;
  const init = initialWeights(features + (fit ? 1 : 0), p.init_param, random);
  const warm = run.start.weights;
  let weights: Weights = warm
    ? { coef: warm.coef, intercept: fit ? (warm.intercept ?? 0) : undefined }
    : { coef: init.slice(0, features), intercept: fit ? (init[features] ?? 0) : undefined };
  // FATE's homo mini-batches: consecutive rows in input order, no shuffle, so every run is the same.
  const batches = miniBatches(data.ids.length, p.batch_size, false, random);
  // FATE's optimizers, each client keeping its own state (moments) across rounds.
  const optimizer = new LocalOptimizer({
    optimizer: p.optimizer,
    learningRate: p.learning_rate,
    alpha: p.alpha,
    penalty: p.penalty,
    decay: p.decay,
    decaySqrt: p.decay_sqrt,
  });
  const n = data.ids.length;
  const schedule = aggregationEpochs(p.max_iter, p.aggregate_iters, run.start.iteration);
  const settings = validationSettings(p);
  const losses: number[] = [...run.start.losses];
  let converged = false;
  let iterations = run.start.iteration;
  let round = 0;
  for (let it = run.start.iteration; it < p.max_iter && !converged; it += 1) {
    optimizer.setIteration(it);
    const epoch = localEpoch(data, batches, weights, optimizer);
    weights = epoch.weights;
    iterations = it + 1;
    if (schedule.includes(it)) {
      ({ weights, converged } = await aggregate(
        ctx,
        parties,
        pairs,
        { round, epoch: it, n, fit, weights, losses },
        epoch.loss,
      ));
      round += 1;
    }
    if (validatesAt(settings.freqs, it)) {
      await logValidation(ctx, scored('train', data, weights), it, settings);
      if (run.validate !== undefined) await logValidation(ctx, scored('validate', run.validate, weights), it, settings);
    }
    await run.checkpoint(it, { weights, iterations, converged, losses: [...losses] });
  }
  return { weights, iterations, converged, losses };
}

function scored(type: 'train' | 'validate', data: PartyData, weights: Weights) {
  return { type, labels: data.labels ?? [], scores: data.features.map((x) => sigmoid(linear(x, weights))) };
}

/**
 * One aggregation round: [n·w, n, n·loss] masked to the arbiter, the FedAvg model back. The
 * aggregated loss goes into `losses` and is logged as FATE's train/loss metric, at every client.
 */
async function aggregate(
  ctx: Ctx,
  parties: HomoParties,
  pairs: readonly PairMask[],
  state: { round: number; epoch: number; n: number; fit: boolean; weights: Weights; losses: number[] },
  localLoss: number,
): Promise<{ weights: Weights; converged: boolean }> {
  const { round, epoch, n, fit, weights, losses } = state;
  const channel = ctx.federation;
  const features = weights.coef.length;
  const plain = [...weights.coef, ...(fit ? [weights.intercept ?? 0] : []), 1, localLoss].map((v) => v * n);
  await channel.remote(HOMO_TAGS.maskedModel(round), maskResidues(encodeVector(plain), pairs, round), [
    parties.arbiter,
  ]);
  const tag = HOMO_TAGS.aggregatedModel(round);
  const global = asRecord(await channel.get(tag, parties.arbiter), `${tag} from arbiter`);
  const loss = asNumber(global.loss, `${tag}.loss`);
  losses.push(loss);
  await ctx.logMetric('train', 'loss', [[epoch, loss]], { metric_type: 'LOSS', unit_name: 'iters' });
  const converged = asBoolean(global.converged, `${tag}.converged`);
  ctx.log(`round ${round} (epoch ${epoch}): aggregated loss ${loss}, converged ${converged}`);
  return {
    weights: {
      coef: asNumberArray(global.coef, `${tag}.coef`, features),
      intercept: fit ? asNumber(global.intercept, `${tag}.intercept`) : undefined,
    },
    converged,
  };
}
