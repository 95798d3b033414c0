import { FederatedError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { TransferValue } from '../component.js';
import { describeParty } from '../intersection/link.js';
import type { PaillierPublicKey } from './paillier.js';

/** One ask to the arbiter: decrypt these ciphertexts as `from`'s gradient or loss of one iteration and batch. */
export interface DecryptionRequest {
  readonly kind: 'gradient' | 'loss';
  readonly from: PartyRef;
  readonly iteration: number;
  readonly batch: number;
  readonly ciphertexts: readonly bigint[];
}

export interface DecryptionSetup {
  readonly publicKey: PaillierPublicKey;
  /** Per party (`role:partyId`): the gradient length it declared at setup (its features, + 1 for an intercept). */
  readonly gradientSizes: ReadonlyMap<string, number>;
  /** The party whose loss the arbiter decrypts (the guest, with one host), or none. */
  readonly lossFrom: PartyRef | undefined;
  readonly iterations: number;
  readonly batches: number;
}

export const partyKey = (party: PartyRef): string => `${party.role}:${party.partyId}`;

/**
 * What the arbiter agrees to decrypt, fixed at setup: in each iteration and batch, one gradient
 * from the guest and one from each host, each of exactly the length that party declared, and one
 * loss (a single value) from the guest when the loss is computed — nothing else, from nobody else.
 * The arbiter cannot see what a ciphertext holds, so a host could forward the guest's encrypted
 * residuals (one per row, each revealing a label at iteration 0) as its "gradient": held to its
 * declared feature count, it gets at most that many values decrypted per batch, not the batch's
 * every row. What this does not stop is in runner/README.md, Security notes.
 */
export class DecryptionBounds {
  private readonly served = new Set<string>();

  constructor(private readonly setup: DecryptionSetup) {}

  /** Refuses (FederatedError, naming the party and the rule) a request outside the bounds; records it otherwise. */
  admit(request: DecryptionRequest): void {
    const { kind, from, iteration, batch, ciphertexts } = request;
    const { iterations, batches, lossFrom, publicKey } = this.setup;
    const who = describeParty(from);
    const round = `iteration ${iteration}, batch ${batch}`;
    if (!Number.isInteger(iteration) || iteration < 0 || iteration >= iterations) {
      throw new FederatedError(
        `${who} asked the arbiter to decrypt for ${round}: the job trains ${iterations} iterations`,
      );
    }
    if (!Number.isInteger(batch) || batch < 0 || batch >= batches) {
      throw new FederatedError(
        `${who} asked the arbiter to decrypt for ${round}: the guest declared ${batches} batches`,
      );
    }
    const allowed = kind === 'loss' ? this.lossSize(from) : this.setup.gradientSizes.get(partyKey(from));
    if (allowed === undefined) {
      const rule =
        kind === 'loss'
          ? lossFrom === undefined
            ? 'this job computes no loss'
            : `only ${describeParty(lossFrom)} sends the loss`
          : 'only the guest and the hosts that declared a gradient size send gradients';
      throw new FederatedError(`the arbiter decrypts no ${kind} from ${who}: ${rule}`);
    }
    if (ciphertexts.length !== allowed) {
      throw new FederatedError(
        `${who} asked the arbiter to decrypt ${ciphertexts.length} values as its ${kind} of ${round}; it may ask for exactly ${allowed}${kind === 'gradient' ? ', the size it declared at setup' : ''}`,
      );
    }
    const id = `${kind}|${partyKey(from)}|${iteration}|${batch}`;
    if (this.served.has(id)) {
      throw new FederatedError(`${who} asked the arbiter a second time to decrypt its ${kind} of ${round}`);
    }
    ciphertexts.forEach((c, i) => {
      if (c <= 0n || c >= publicKey.n2) {
        throw new FederatedError(`${who}'s ${kind} of ${round}: value ${i} is not a ciphertext (outside [1, n²))`);
      }
    });
    this.served.add(id);
  }

  private lossSize(from: PartyRef): number | undefined {
    const owner = this.setup.lossFrom;
    return owner !== undefined && partyKey(owner) === partyKey(from) ? 1 : undefined;
  }
}

/** A party's declared gradient size: a non-negative integer. */
export function asGradientSize(value: TransferValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FederatedError(`${what}: expected the number of values the party will ask to decrypt per batch`);
  }
  return value;
}
