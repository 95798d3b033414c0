import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { ComponentContext } from '../component.js';
import { asBigInt, asBigIntArray, asNumber, asRecord } from '../transfer-values.js';
import { decodeFixed, fromResidue } from './fixed-point.js';
import { ConvergenceCheck } from './optimizer.js';
import { decrypt, generatePaillierKey, type PaillierPrivateKey } from './paillier.js';
import type { HeteroLrParameters } from './parameters.js';
import { LR_TAGS, lrParties } from './protocol.js';

/**
 * The arbiter of FATE's HeteroLR: it holds the Paillier private key, decrypts what the guest and
 * hosts send (masked gradients, whose plaintexts it cannot read; the guest's loss, which it can),
 * logs the loss per iteration (FATE's metric train/loss) and decides convergence for everyone.
 */
export async function runArbiter(ctx: ComponentContext<HeteroLrParameters>) {
  const { federation: channel, parameters } = ctx;
  const parties = lrParties(channel, parameters);
  const everyone: PartyRef[] = [parties.guest, ...parties.hosts];
  const started = Date.now();
  const key = await generatePaillierKey(parameters.encrypt_param.key_length);
  ctx.log(`generated a ${parameters.encrypt_param.key_length}-bit Paillier key in ${Date.now() - started} ms`);
  await channel.remote(LR_TAGS.publicKey, { n: key.publicKey.n }, everyone);
  const batchNum = asNumber(await channel.get(LR_TAGS.batchNum, parties.guest), `${LR_TAGS.batchNum} from guest`);
  const withLoss = parties.hosts.length === 1;
  const check = new ConvergenceCheck(parameters.early_stop, parameters.tol);
  const losses: number[] = [];
  let converged = false;
  let iterations = 0;
  for (let it = 0; it < parameters.max_iter && !converged; it += 1) {
    let lossSum = 0;
    for (let b = 0; b < batchNum; b += 1) {
      await Promise.all(everyone.map((party) => decryptFor(ctx, key, party, it, b)));
      if (withLoss) {
        const tag = LR_TAGS.loss(it, b);
        const message = asRecord(await channel.get(tag, parties.guest), `${tag} from guest`);
        const value = fromResidue(decrypt(key, asBigInt(message.loss, 'loss')), key.publicKey.n);
        lossSum += decodeFixed(value, asNumber(message.frac, 'frac')) / asNumber(message.divisor, 'divisor');
      }
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
  }
  return { iterations, converged, losses };
}

async function decryptFor(
  ctx: ComponentContext<HeteroLrParameters>,
  key: PaillierPrivateKey,
  party: PartyRef,
  it: number,
  b: number,
): Promise<void> {
  const role = party.role === 'guest' ? 'guest' : 'host';
  const tag = LR_TAGS.gradient(role, it, b);
  const masked = asBigIntArray(await ctx.federation.get(tag, party), `${tag} from ${party.role} ${party.partyId}`);
  await ctx.federation.remote(
    LR_TAGS.decrypted(role, it, b),
    masked.map((c) => decrypt(key, c)),
    [party],
  );
}
