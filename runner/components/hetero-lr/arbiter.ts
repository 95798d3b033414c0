import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import { FederatedError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { ComponentContext } from '../component.js';
import { describeParty } from '../intersection/link.js';
import { asBigInt, asBigIntArray, asNumber, asRecord } from '../transfer-values.js';
import { asGradientSize, DecryptionBounds, partyKey } from './decryption-bounds.js';
import { PaillierDecryptor } from './decryptor.js';
import { decodeFixed, fromResidue } from './fixed-point.js';
import { ConvergenceCheck } from './optimizer.js';
import { generatePaillierKey, type PaillierPublicKey } from './paillier.js';
import type { PaillierWork } from './paillier-work.js';
import { LR_TAGS, type LrParties, lrParties } from './protocol.js';
import type { ResultCheckpoint, TrainingStart } from './training.js';
import type { ArbiterValidation } from './validation.js';

/**
 * The arbiter of FATE's HeteroLR: it holds the Paillier private key, decrypts what the guest and
 * hosts send (masked gradients, whose plaintexts it cannot read; the guest's loss, which it can),
 * logs the loss per iteration (FATE's metric train/loss) and decides convergence for everyone.
 * It decrypts only within the bounds fixed at setup (decryption-bounds.ts), blinded.
 */
export async function runArbiter(
  ctx: ComponentContext<HeteroLrParameters>,
  run: {
    readonly start: TrainingStart;
    readonly validation: ArbiterValidation;
    readonly work: PaillierWork;
    readonly checkpoint: ResultCheckpoint;
  },
) {
  const { work } = run;
  const { federation: channel, parameters } = ctx;
  const parties = lrParties(channel, parameters);
  const everyone: PartyRef[] = [parties.guest, ...parties.hosts];
  const started = Date.now();
  const key = await generatePaillierKey(parameters.encrypt_param.key_length);
  ctx.log(`generated a ${parameters.encrypt_param.key_length}-bit Paillier key in ${Date.now() - started} ms`);
  const n = key.publicKey.n;
  await channel.remote(LR_TAGS.publicKey, { n, g: n + 1n }, everyone);
  const { batchNum, bounds } = await decryptionSetup(ctx, parties, key.publicKey);
  const arbiter: Arbiter = { ctx, bounds, decryptor: new PaillierDecryptor(key, work), n };
  const withLoss = parties.hosts.length === 1;
  const check = new ConvergenceCheck(parameters.early_stop, parameters.tol);
  const losses: number[] = [...run.start.losses];
  let converged = false;
  let stopped = false;
  let iterations = run.start.iteration;
  for (let it = run.start.iteration; it < parameters.max_iter && !converged && !stopped; it += 1) {
    let lossSum = 0;
    for (let b = 0; b < batchNum; b += 1) {
      const batchLosses = await Promise.all(everyone.map((party) => decryptGradient(arbiter, party, it, b, withLoss)));
      lossSum += batchLosses.reduce<number>((sum, loss) => sum + (loss ?? 0), 0);
    }
    const loss = withLoss ? lossSum / batchNum : undefined;
    if (loss !== undefined) {
      losses.push(loss);
      await ctx.logMetric('train', 'loss', [[it, loss]], { metric_type: 'LOSS', unit_name: 'iters' });
    }
    if (parameters.early_stop === 'weight_diff') {
      const norms = await Promise.all(
        everyone.map(async (party) => asNumber(await channel.get(LR_TAGS.deltaNorm(it), party), LR_TAGS.deltaNorm(it))),
      );
      converged = check.byWeightDiff(norms.reduce((sum, value) => sum + value, 0));
    } else if (loss !== undefined) {
      converged = check.byLoss(loss);
    }
    await channel.remote(LR_TAGS.converge(it), { converged, loss: loss ?? null }, [parties.guest]);
    await channel.remote(LR_TAGS.converge(it), { converged }, parties.hosts);
    iterations = it + 1;
    stopped = await run.validation.atIterationEnd(it);
    const bestIteration = run.validation.bestIteration;
    const noWeights = { coef: [], intercept: undefined };
    await run.checkpoint(it, { weights: noWeights, iterations, converged, losses: [...losses], bestIteration });
  }
  return { iterations, converged, losses, bestIteration: run.validation.bestIteration };
}

interface Arbiter {
  readonly ctx: ComponentContext<HeteroLrParameters>;
  readonly bounds: DecryptionBounds;
  readonly decryptor: PaillierDecryptor;
  readonly n: bigint;
}

/** The batch count (from the guest) and every party's declared gradient size: the decryption bounds. */
async function decryptionSetup(
  ctx: ComponentContext<HeteroLrParameters>,
  parties: LrParties,
  publicKey: PaillierPublicKey,
) {
  const channel = ctx.federation;
  const batchNum = asNumber(await channel.get(LR_TAGS.batchNum, parties.guest), `${LR_TAGS.batchNum} from guest`);
  if (!Number.isInteger(batchNum) || batchNum < 1) {
    throw new FederatedError(`${LR_TAGS.batchNum} from guest: ${batchNum} is not a positive number of batches`);
  }
  const sizes = await Promise.all(
    [parties.guest, ...parties.hosts].map(async (party): Promise<[string, number]> => {
      const what = `${LR_TAGS.gradientSize} from ${describeParty(party)}`;
      return [partyKey(party), asGradientSize(await channel.get(LR_TAGS.gradientSize, party), what)];
    }),
  );
  const bounds = new DecryptionBounds({
    publicKey,
    gradientSizes: new Map(sizes),
    lossFrom: parties.hosts.length === 1 ? parties.guest : undefined,
    iterations: ctx.parameters.max_iter,
    batches: batchNum,
  });
  return { batchNum, bounds };
}

/**
 * One party's masked gradient of a batch, decrypted and sent back; the guest's message also
 * carries its encrypted loss of the batch when the job computes one (`withLoss`: one host), which
 * the arbiter decrypts and returns in clear, as FATE's does. A loss from anyone else, or a guest's
 * gradient without one, is refused.
 */
async function decryptGradient(
  arbiter: Arbiter,
  party: PartyRef,
  it: number,
  b: number,
  withLoss: boolean,
): Promise<number | undefined> {
  const { ctx, bounds, decryptor } = arbiter;
  const role = party.role === 'guest' ? 'guest' : 'host';
  const tag = LR_TAGS.gradient(role, it, b);
  const what = `${tag} from ${describeParty(party)}`;
  const message = asRecord(await ctx.federation.get(tag, party), what);
  const masked = asBigIntArray(message.gradient, `${what}: gradient`);
  const expectsLoss = withLoss && party.role === 'guest';
  if ((message.loss !== null) !== expectsLoss) {
    throw new FederatedError(
      expectsLoss ? `${what}: the batch's loss is missing` : `${what}: carries a loss, which only the guest sends`,
    );
  }
  bounds.admit({ kind: 'gradient', from: party, iteration: it, batch: b, ciphertexts: masked });
  await ctx.federation.remote(LR_TAGS.decrypted(role, it, b), await decryptor.decryptMany(masked), [party]);
  return expectsLoss
    ? decryptLoss(arbiter, party, asRecord(message.loss ?? null, `${what}: loss`), { it, b })
    : undefined;
}

/** The batch's loss (FATE's Taylor loss, which the arbiter reads in clear, as FATE's does). */
async function decryptLoss(
  arbiter: Arbiter,
  guest: PartyRef,
  message: ReturnType<typeof asRecord>,
  { it, b }: { it: number; b: number },
): Promise<number> {
  const { bounds, decryptor, n } = arbiter;
  const what = `${LR_TAGS.gradient('guest', it, b)}: loss`;
  const loss = asBigInt(message.loss, `${what}.loss`);
  bounds.admit({ kind: 'loss', from: guest, iteration: it, batch: b, ciphertexts: [loss] });
  const [plain = 0n] = await decryptor.decryptMany([loss]);
  const value = fromResidue(plain, n);
  return decodeFixed(value, asNumber(message.frac, `${what}.frac`)) / asNumber(message.divisor, `${what}.divisor`);
}
