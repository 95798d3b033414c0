import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import { DataError, FederatedError } from '../../../functions/domain/errors.js';
import type { ComponentContext, TransferValue } from '../component.js';
import { asBigIntArray, asRecord, asStringArray } from '../transfer-values.js';
import { encodeFixed } from './fixed-point.js';
import { batchExponents, decryptThroughArbiter, encryptedGradient, forwards } from './gradient-exchange.js';
import { ObfuscatorSource } from './obfuscators.js';
import { LocalOptimizer, type Weights } from './optimizer.js';
import type { PaillierWork } from './paillier-work.js';
import { arbiterPublicKey, D_FRAC, FORWARD_FRAC, LR_TAGS, lrParties } from './protocol.js';
import { initialWeights, seededRandom } from './setup.js';
import {
  accumulate,
  endIteration,
  optimizerSettings,
  type ResultCheckpoint,
  type TrainingResult,
  type TrainingStart,
} from './training.js';
import type { PartyData } from './training-data.js';
import type { HostValidation } from './validation.js';

type Ctx = ComponentContext<HeteroLrParameters>;

/**
 * A host's side of FATE's HeteroLR. Per iteration and batch it encrypts its forward [[wx_h]] for
 * the guest (and, with one host, [[Σwx_h²]] and [[loss_norm]] for the loss, in the same message), receives the guest's
 * [[d]], computes [[g]] = Σᵢ xᵢ·[[dᵢ]] / n and has it decrypted masked by the arbiter. The host has
 * no intercept (FATE forces fit_intercept off at hosts). At the end it sends its plain wx_h of every
 * row to the guest, as FATE's host does for prediction.
 */
export async function trainHost(
  ctx: Ctx,
  data: PartyData,
  run: {
    readonly start: TrainingStart;
    readonly validation: HostValidation;
    readonly work: PaillierWork;
    readonly checkpoint: ResultCheckpoint;
  },
): Promise<TrainingResult> {
  const { work } = run;
  const { federation: channel, parameters } = ctx;
  const parties = lrParties(channel, parameters);
  const pk = await arbiterPublicKey(channel, parties.arbiter, parameters.encrypt_param.key_length);
  // One obfuscator per row and iteration (the forwards) and two per batch (the loss terms), counted
  // on the host's own rows, which bound the batches' (the table is built before the batches come).
  const rows = data.ids.length;
  const batchCount = parameters.batch_size > 0 ? Math.ceil(rows / parameters.batch_size) : 1;
  const expectedPowers = Math.max(0, parameters.max_iter - run.start.iteration) * (rows + 2 * batchCount);
  const obfuscators = new ObfuscatorSource(pk, { work, expectedPowers });
  const plan = batchPlan(await channel.get(LR_TAGS.batchIds, parties.guest), data);
  let batches = plan.batches;
  const features = data.featureNames.length;
  await channel.remote(LR_TAGS.gradientSize, features, [parties.arbiter]);

  const random = seededRandom(parameters.init_param.random_seed);
  const init = initialWeights(features, parameters.init_param, random);
  let weights: Weights = { coef: run.start.weights?.coef ?? init, intercept: undefined };
  const optimizer = new LocalOptimizer(optimizerSettings(parameters));
  const precision = parameters.floating_point_precision;
  const lossFrac = FORWARD_FRAC + precision;
  const columnsOf = (of: number[][]) => batchExponents(of, data.features, features, precision, false);
  let columns = columnsOf(batches);
  await obfuscators.refill(batches[0]?.length ?? 0);
  let converged = false;
  let stopped = false;
  let iterations = run.start.iteration;
  for (let it = run.start.iteration; it < parameters.max_iter && !converged && !stopped; it += 1) {
    optimizer.setIteration(it);
    if (plan.reshuffled && it > run.start.iteration) {
      const tag = LR_TAGS.iterationBatchIds(it);
      batches = batchRows(await channel.get(tag, parties.guest), data, tag, plan.batches.length);
      columns = columnsOf(batches);
    }
    const deltaSum: number[] = [];
    for (const [b, rows] of batches.entries()) {
      const wxh = forwards(
        rows.map((row) => data.features[row] ?? []),
        weights.coef,
      );
      const encrypted = await obfuscators.encryptMany(wxh.map((w) => encodeFixed(w, FORWARD_FRAC)));
      // With one host, its loss terms ride with the forward (protocol.ts): the guest needs both.
      let loss: TransferValue = null;
      if (parties.hosts.length === 1) {
        const norm =
          parameters.penalty === 'NONE'
            ? null
            : obfuscators.encrypt(encodeFixed(optimizer.lossNorm(weights), lossFrac));
        const wxSquare = obfuscators.encrypt(
          encodeFixed(
            wxh.reduce((sum, w) => sum + w * w, 0),
            lossFrac,
          ),
        );
        loss = { wx_square: wxSquare, loss_norm: norm };
      }
      await channel.remote(LR_TAGS.hostForward(it, b), { forward: encrypted, loss }, [parties.guest]);
      const tag = LR_TAGS.foreGradient(it, b);
      const fore = asBigIntArray(await channel.get(tag, parties.guest), `${tag} from guest`, rows.length);
      const gradient = await decryptThroughArbiter({
        channel,
        arbiter: parties.arbiter,
        pk,
        role: 'host',
        iteration: it,
        batch: b,
        encrypted: await encryptedGradient(work, pk, fore, columns[b]),
        frac: D_FRAC + precision,
        divisor: rows.length,
        // The next batch's randomness while the arbiter decrypts, not before the gradient: the
        // gradient is what the arbiter, and then the next batch, waits for.
        whileWaiting: () => obfuscators.refill(batches[(b + 1) % batches.length]?.length ?? 0),
      });
      const step = optimizer.step(weights, gradient);
      weights = step.weights;
      accumulate(deltaSum, step.delta);
    }
    converged = (await endIteration(channel, parties.arbiter, it, parameters.early_stop, deltaSum)).converged;
    iterations = it + 1;
    stopped = await run.validation.atIterationEnd(it, weights);
    const bestIteration = run.validation.bestIteration;
    await run.checkpoint(it, { weights, iterations, converged, losses: [], bestIteration });
  }
  weights = run.validation.finalWeights(weights);
  const order = batches.flat();
  const wx = forwards(
    order.map((row) => data.features[row] ?? []),
    weights.coef,
  );
  await channel.remote(LR_TAGS.predictHostWx, wx, [parties.guest]);
  return { weights, iterations, converged, losses: [], bestIteration: run.validation.bestIteration };
}

/** The guest's first batches, and whether it reshuffles them for every later iteration. */
function batchPlan(value: TransferValue, data: PartyData): { batches: number[][]; reshuffled: boolean } {
  const plan = asRecord(value, `${LR_TAGS.batchIds} from guest`);
  if (typeof plan.reshuffled !== 'boolean') {
    throw new FederatedError(`${LR_TAGS.batchIds} from guest: expected {batches, reshuffled}`);
  }
  return { batches: batchRows(plan.batches ?? null, data, LR_TAGS.batchIds), reshuffled: plan.reshuffled };
}

/**
 * The guest's batches as rows of this host's table (`count` of them when it is known: a reshuffle
 * keeps the number the arbiter was told); an id the host lacks means no Intersection ran.
 */
function batchRows(value: TransferValue, data: PartyData, tag: string, count?: number): number[][] {
  if (!Array.isArray(value) || (count !== undefined && value.length !== count)) {
    throw new FederatedError(
      `${tag} from guest: expected ${count === undefined ? 'batches' : `${count} batches`} of ids`,
    );
  }
  const rowOf = new Map(data.ids.map((id, row) => [id, row]));
  return (value as readonly TransferValue[]).map((batch, b) =>
    asStringArray(batch, `${tag}[${b}]`).map((id) => {
      const row = rowOf.get(id);
      if (row === undefined) {
        throw new DataError(
          `the guest trains on id "${id}", which ${data.name} does not hold: run Intersection before HeteroLR`,
        );
      }
      return row;
    }),
  );
}
