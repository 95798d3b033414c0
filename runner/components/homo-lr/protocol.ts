import { ArgumentError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';

/**
 * Every message of HomoLR by tag (`r` is the aggregation round, from 0):
 *   mask_public_key      client → every other client  X25519 public key (32 bytes), for the pair seeds
 *   header               client → arbiter             {features, fit_intercept}: the model's shape
 *   setup                arbiter → clients            {error}: null when every client's shape agrees
 *   r.masked_model       client → arbiter             masked fixed-point [n·coef…, n·intercept?, n, n·loss]
 *   r.aggregated_model   arbiter → clients            {coef, intercept, loss, converged}: the FedAvg model
 */
export const HOMO_TAGS = {
  maskPublicKey: 'homo_lr.mask_public_key',
  header: 'homo_lr.header',
  setup: 'homo_lr.setup',
  maskedModel: (r: number) => `homo_lr.${r}.masked_model`,
  aggregatedModel: (r: number) => `homo_lr.${r}.aggregated_model`,
} as const;

export interface HomoParties {
  /** The guest first, then the hosts in the conf's order: a client's index orders its mask pairs. */
  readonly clients: readonly PartyRef[];
  readonly arbiter: PartyRef;
}

/** The job's clients and arbiter, checked the same way at every party before anything is exchanged. */
export function homoParties(channel: FederationChannel): HomoParties {
  const guest = channel.roles.guest?.[0];
  const arbiter = channel.roles.arbiter?.[0];
  const hosts = channel.roles.host ?? [];
  if (guest === undefined || arbiter === undefined || hosts.length === 0) {
    // One client alone would hand its model to the arbiter in clear: secure aggregation needs two.
    throw new ArgumentError('HomoLR needs a guest, at least one host and an arbiter in the job');
  }
  return {
    clients: [{ role: 'guest', partyId: guest }, ...hosts.map((partyId): PartyRef => ({ role: 'host', partyId }))],
    arbiter: { role: 'arbiter', partyId: arbiter },
  };
}

/**
 * The epochs (from 0) after which the clients aggregate: every aggregate_iters-th epoch, as FATE's
 * `(n_iter + 1) % aggregate_iters == 0`, and also after the last epoch, so that every party ends
 * with the global model. Clients and arbiter derive the same schedule from the parameters; a warm
 * start begins at the model's iteration count, `from`.
 */
export function aggregationEpochs(maxIter: number, aggregateIters: number, from = 0): number[] {
  const epochs: number[] = [];
  for (let it = from; it < maxIter; it += 1) {
    if ((it + 1) % aggregateIters === 0 || it === maxIter - 1) epochs.push(it);
  }
  return epochs;
}

/** The masked vector's length: the coefficients, the intercept when fitted, then n and n·loss. */
export const vectorLength = (features: number, fitIntercept: boolean): number => features + (fitIntercept ? 1 : 0) + 2;
