import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';
import { randomBelow } from '../intersection/modular.js';
import { asBigIntArray } from '../transfer-values.js';
import { decodeFixed, encodeFixed, fromResidue } from './fixed-point.js';
import { addPlain, type PaillierPublicKey } from './paillier.js';
import type { PaillierWork } from './paillier-work.js';
import { type GradientExponents, gradientExponents } from './plane-dots.js';
import { LR_TAGS } from './protocol.js';

/** The guest's loss of a batch as the arbiter decrypts it: [[8n·loss]] at `frac`, to divide by `divisor`. */
export interface EncryptedLoss {
  readonly loss: bigint;
  readonly frac: number;
  readonly divisor: number;
}

/** wx per row: the plain forward of a party's own features (and intercept). */
export function forwards(rows: readonly (readonly number[])[], coef: readonly number[], intercept = 0): number[] {
  return rows.map((x) => x.reduce((sum, value, j) => sum + value * (coef[j] ?? 0), intercept));
}

/**
 * The batch's features as exponents, one column per feature (plus a column of ones for the
 * intercept), split into bit planes (plane-dots.ts): the gradient's Σᵢ xᵢⱼ·[[dᵢ]] for every j.
 * Prepared once per batch and reused every iteration, since the rows of a batch never change.
 */
export function featureExponents(
  rows: readonly (readonly number[])[],
  features: number,
  precision: number,
  withIntercept: boolean,
): GradientExponents {
  const columns = Array.from({ length: features }, (_, j) => rows.map((x) => encodeFixed(x[j] ?? 0, precision)));
  if (withIntercept) columns.push(rows.map(() => 1n << BigInt(precision)));
  return gradientExponents(columns);
}

/** featureExponents of each batch's rows of `features` (a party's table): what its gradients multiply by. */
export function batchExponents(
  batches: readonly (readonly number[])[],
  features: readonly (readonly number[])[],
  width: number,
  precision: number,
  withIntercept: boolean,
): GradientExponents[] {
  return batches.map((rows) =>
    featureExponents(
      rows.map((row) => features[row] ?? []),
      width,
      precision,
      withIntercept,
    ),
  );
}

/**
 * [[gⱼ·batch]] = Πᵢ [[dᵢ]]^xᵢⱼ for every column, the rows spread over the task's threads;
 * `exponents` is the batch's entry of featureExponents' list, which has one per batch.
 */
export function encryptedGradient(
  work: PaillierWork,
  pk: PaillierPublicKey,
  foreGradient: readonly bigint[],
  exponents: GradientExponents | undefined,
): Promise<bigint[]> {
  if (exponents === undefined) throw new RangeError('no prepared exponents for this batch');
  return work.gradient(pk, foreGradient, exponents);
}

/**
 * The arbiter decrypts the gradient without learning it: each value is sent as [[g + r]] with r
 * uniform in [0, n), so its plaintext is uniform too; the party subtracts r from what comes back.
 * The guest's encrypted loss of the batch goes in the same message (`loss`, protocol.ts).
 * `whileWaiting` runs after sending, on time the party would otherwise spend idle.
 */
export async function decryptThroughArbiter(options: {
  readonly channel: FederationChannel;
  readonly arbiter: PartyRef;
  readonly pk: PaillierPublicKey;
  readonly role: 'guest' | 'host';
  readonly iteration: number;
  readonly batch: number;
  readonly encrypted: readonly bigint[];
  readonly frac: number;
  readonly divisor: number;
  readonly loss?: EncryptedLoss;
  readonly whileWaiting?: () => Promise<void> | void;
}): Promise<number[]> {
  const { channel, arbiter, pk, role, iteration, batch, encrypted } = options;
  const masks = encrypted.map(() => randomBelow(pk.n));
  const masked = encrypted.map((c, j) => addPlain(pk, c, masks[j] ?? 0n));
  const message = { gradient: masked, loss: options.loss === undefined ? null : { ...options.loss } };
  await channel.remote(LR_TAGS.gradient(role, iteration, batch), message, [arbiter]);
  await options.whileWaiting?.();
  const tag = LR_TAGS.decrypted(role, iteration, batch);
  const values = asBigIntArray(await channel.get(tag, arbiter), `${tag} from arbiter`, encrypted.length);
  return values.map(
    (value, j) => decodeFixed(fromResidue(value - (masks[j] ?? 0n), pk.n), options.frac) / options.divisor,
  );
}
