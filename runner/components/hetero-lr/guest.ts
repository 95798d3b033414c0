import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import { DataError } from '../../../functions/domain/errors.js';
import type { ComponentContext, TransferValue } from '../component.js';
import { asBigInt, asBigIntArray, asNumberArray, asRecord } from '../transfer-values.js';
import { encodeFixed } from './fixed-point.js';
import {
  batchExponents,
  decryptThroughArbiter,
  type EncryptedLoss,
  encryptedGradient,
  forwards,
} from './gradient-exchange.js';
import { prepareExponents } from './multiexp.js';
import { ObfuscatorSource } from './obfuscators.js';
import { LocalOptimizer, type Weights } from './optimizer.js';
import { addCiphers, addPlain, mulPlain, type PaillierPublicKey } from './paillier.js';
import type { PaillierWork } from './paillier-work.js';
import { arbiterPublicKey, D_FRAC, FORWARD_FRAC, LR_TAGS, type LrParties, lrParties } from './protocol.js';
import { batchesShuffled, initialWeights, maskedBatchSize, miniBatches, seededRandom } from './setup.js';
import {
  accumulate,
  endIteration,
  optimizerSettings,
  type ResultCheckpoint,
  sigmoid,
  type TrainingResult,
  type TrainingStart,
} from './training.js';
import type { PartyData } from './training-data.js';
import type { GuestValidation } from './validation.js';

type Ctx = ComponentContext<HeteroLrParameters>;

/**
 * The guest's side of FATE's HeteroLR (protocol.ts lists the messages). Per iteration and batch:
 * [[d]] = [[wx_h]] + (wx_g − 2y), read as 4·d at D_FRAC — FATE's Taylor residual
 * d = 0.25·(wx_g + wx_h) − 0.5·y with y ∈ {−1, 1} — re-randomised and sent to the hosts;
 * [[g]] = Σᵢ xᵢ·[[dᵢ]] / n through the arbiter; the Taylor loss encrypted to the arbiter.
 * Returns the model and sigmoid(wx_g + Σ wx_h) of every row.
 */
export async function trainGuest(
  ctx: Ctx,
  data: PartyData,
  run: {
    readonly start: TrainingStart;
    readonly validation: GuestValidation;
    readonly work: PaillierWork;
    readonly checkpoint: ResultCheckpoint;
  },
): Promise<{ result: TrainingResult; scores: number[] }> {
  const { federation: channel, parameters } = ctx;
  const { work } = run;
  const parties = lrParties(channel, parameters);
  const labels = data.labels;
  if (labels === undefined) throw new DataError(`${data.name}: the guest needs labels`);
  const pk = await arbiterPublicKey(channel, parties.arbiter, parameters.encrypt_param.key_length);
  // One obfuscator per row and iteration (the residuals re-randomised): the table is sized for it.
  const expectedPowers = Math.max(0, parameters.max_iter - run.start.iteration) * data.ids.length;
  const obfuscators = new ObfuscatorSource(pk, { work, expectedPowers });
  const random = seededRandom(parameters.init_param.random_seed);
  const { batch_size: batchSize, shuffle, masked_rate: maskedRate } = parameters;
  const reshuffled = batchesShuffled(data.ids.length, batchSize, shuffle, maskedRate);
  if (reshuffled && !shuffle) {
    ctx.log(
      `shuffle is false, but the mini-batches are shuffled: FATE shuffles full batches whenever masked_rate > 0 (${maskedRate})`,
    );
  }
  const padded = maskedBatchSize(data.ids.length, batchSize, maskedRate);
  if (padded !== undefined) {
    ctx.log(
      `masked_rate ${maskedRate}: FATE would show the hosts each batch among ${padded} rows with zero residuals, hiding which rows it holds; here they see each batch's own rows (the same model)`,
    );
  }
  const drawBatches = () => miniBatches(data.ids.length, batchSize, reshuffled, random);
  const idsOf = (batches: number[][]) => batches.map((rows) => rows.map((row) => data.ids[row] ?? ''));
  let batches = drawBatches();
  await channel.remote(LR_TAGS.batchIds, { batches: idsOf(batches), reshuffled }, parties.hosts);
  const fit = parameters.init_param.fit_intercept;
  const features = data.featureNames.length;
  await channel.remote(LR_TAGS.batchNum, batches.length, [parties.arbiter]);
  await channel.remote(LR_TAGS.gradientSize, features + (fit ? 1 : 0), [parties.arbiter]);

  const init = initialWeights(features + (fit ? 1 : 0), parameters.init_param, random);
  const warm = run.start.weights;
  let weights: Weights = warm
    ? { coef: warm.coef, intercept: fit ? (warm.intercept ?? 0) : undefined }
    : { coef: init.slice(0, features), intercept: fit ? (init[features] ?? 0) : undefined };
  const optimizer = new LocalOptimizer(optimizerSettings(parameters));
  const precision = parameters.floating_point_precision;
  const columnsOf = (of: number[][]) => batchExponents(of, data.features, features, precision, fit);
  let columns = columnsOf(batches);
  let upcoming: number[][] | undefined;
  // The first batch's randomness while the host encrypts its first forwards (later batches' while
  // the arbiter decrypts): [[d]] goes back to the hosts as soon as their forwards arrive.
  await obfuscators.refill(batches[0]?.length ?? 0);
  const losses: number[] = [...run.start.losses];
  let converged = false;
  let stopped = false;
  let iterations = run.start.iteration;
  for (let it = run.start.iteration; it < parameters.max_iter && !converged && !stopped; it += 1) {
    optimizer.setIteration(it);
    if (upcoming !== undefined) {
      batches = upcoming;
      columns = columnsOf(batches);
    }
    // FATE's reshuffle for the next iteration, sent while the hosts still work on this one: they
    // find it stored when they start the next (unread if training stops here).
    upcoming = reshuffled && it + 1 < parameters.max_iter ? drawBatches() : undefined;
    if (upcoming !== undefined) await channel.remote(LR_TAGS.iterationBatchIds(it + 1), idsOf(upcoming), parties.hosts);
    const deltaSum: number[] = [];
    for (const [b, rows] of batches.entries()) {
      const x = rows.map((row) => data.features[row] ?? []);
      const y = rows.map((row) => labels[row] ?? 0);
      const wxg = forwards(x, weights.coef, weights.intercept ?? 0);
      const fromHosts = await Promise.all(
        parties.hosts.map(async (host) => {
          const tag = LR_TAGS.hostForward(it, b);
          const what = `${tag} from host ${host.partyId}`;
          const message = asRecord(await channel.get(tag, host), what);
          return { forward: asBigIntArray(message.forward, `${what}: forward`, rows.length), loss: message.loss };
        }),
      );
      const hostForwards = fromHosts.map((host) => host.forward);
      const fore = await obfuscators.rerandomizeMany(
        rows.map((_, i) => {
          const summed = hostForwards.reduce((c, host) => addCiphers(pk, c, host[i] ?? 1n), 1n);
          return addPlain(pk, summed, encodeFixed((wxg[i] ?? 0) - 2 * (y[i] ?? 0), FORWARD_FRAC));
        }),
      );
      await channel.remote(LR_TAGS.foreGradient(it, b), fore, parties.hosts);
      const encrypted = await encryptedGradient(work, pk, fore, columns[b]);
      const [onlyHost] = fromHosts;
      const loss =
        parties.hosts.length === 1 && onlyHost !== undefined
          ? await batchLoss(ctx, { pk, work }, { it, b, wxg, y, host: onlyHost, lossNorm: optimizer.lossNorm(weights) })
          : undefined;
      const gradient = await decryptThroughArbiter({
        channel,
        arbiter: parties.arbiter,
        pk,
        role: 'guest',
        iteration: it,
        batch: b,
        encrypted,
        frac: D_FRAC + precision,
        divisor: rows.length,
        ...(loss === undefined ? {} : { loss }),
        whileWaiting: () => obfuscators.refill(batches[(b + 1) % batches.length]?.length ?? 0),
      });
      const step = optimizer.step(weights, gradient);
      weights = step.weights;
      accumulate(deltaSum, step.delta);
    }
    const verdict = await endIteration(channel, parties.arbiter, it, parameters.early_stop, deltaSum);
    converged = verdict.converged;
    if (verdict.loss !== undefined) {
      losses.push(verdict.loss);
      // FATE's loss metric, readable at the guest while the task runs.
      await ctx.logMetric('train', 'loss', [[it, verdict.loss]], { metric_type: 'LOSS', unit_name: 'iters' });
    }
    iterations = it + 1;
    ctx.log(
      `iteration ${it}: ${typeof verdict.loss === 'number' ? `loss ${verdict.loss}, ` : ''}converged ${converged}`,
    );
    stopped = await run.validation.atIterationEnd(it, weights);
    const bestIteration = run.validation.bestIteration;
    await run.checkpoint(it, { weights, iterations, converged, losses: [...losses], bestIteration });
  }
  weights = run.validation.finalWeights(weights);
  return {
    result: { weights, iterations, converged, losses, bestIteration: run.validation.bestIteration },
    scores: await finalScores(ctx, parties, data, weights, batches),
  };
}

/**
 * [[8n·loss]] for one batch, FATE's Taylor loss log2 − ½·ȳwx + ⅛·(wx)² with wx = wx_g + wx_h, split into
 * what the guest knows (8n·log2 − 4Σy·wx_g + Σwx_g² + 8n·norm_g) and what stays encrypted:
 * Σ(2wx_g − 4y)·[[wx_h]] + [[Σwx_h²]] + 8n·[[norm_h]], all at FORWARD_FRAC + P. The host's terms
 * came with its forward; the result goes to the arbiter with the guest's gradient.
 */
async function batchLoss(
  ctx: Ctx,
  { pk, work }: { pk: PaillierPublicKey; work: PaillierWork },
  batch: {
    it: number;
    b: number;
    wxg: number[];
    y: number[];
    host: { readonly forward: bigint[]; readonly loss: TransferValue | undefined };
    lossNorm: number;
  },
): Promise<EncryptedLoss> {
  const { it, b, wxg, y, host, lossNorm } = batch;
  const hostForward = host.forward;
  const parts = asRecord(host.loss ?? null, `${LR_TAGS.hostForward(it, b)}: loss`);
  const precision = ctx.parameters.floating_point_precision;
  const frac = FORWARD_FRAC + precision;
  const n = wxg.length;
  const plain =
    8 * n * Math.log(2) + wxg.reduce((sum, w, i) => sum - 4 * (y[i] ?? 0) * w + w * w, 0) + 8 * n * lossNorm;
  const [cross = 1n] = await work.dots(pk, hostForward, [
    prepareExponents(wxg.map((w, i) => encodeFixed(2 * w - 4 * (y[i] ?? 0), precision))),
  ]);
  let total = addPlain(pk, addCiphers(pk, cross, asBigInt(parts.wx_square, 'wx_square')), encodeFixed(plain, frac));
  if (parts.loss_norm !== null)
    total = addCiphers(pk, total, mulPlain(pk, asBigInt(parts.loss_norm, 'loss_norm'), BigInt(8 * n)));
  return { loss: total, frac, divisor: 8 * n };
}

async function finalScores(ctx: Ctx, parties: LrParties, data: PartyData, weights: Weights, batches: number[][]) {
  const wx = forwards(data.features, weights.coef, weights.intercept ?? 0);
  const order = batches.flat();
  for (const host of parties.hosts) {
    const hostWx = asNumberArray(
      await ctx.federation.get(LR_TAGS.predictHostWx, host),
      `${LR_TAGS.predictHostWx} from host ${host.partyId}`,
      order.length,
    );
    order.forEach((row, k) => {
      wx[row] = (wx[row] ?? 0) + (hostWx[k] ?? 0);
    });
  }
  return wx.map(sigmoid);
}
