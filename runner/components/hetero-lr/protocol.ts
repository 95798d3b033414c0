import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import { ArgumentError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';
import { describeParty } from '../intersection/link.js';
import { asPaillierModulus } from '../peer-keys.js';
import { type PaillierPublicKey, paillierPublicKey } from './paillier.js';

/**
 * The fixed-point scales of the protocol (bits after the binary point), shared by all parties:
 * host forwards wx_h at FORWARD_FRAC; the guest's [[wx_g + wx_h − 2y]] at FORWARD_FRAC is
 * [[4·d]], i.e. d at FORWARD_FRAC + 2; features are exponents at floating_point_precision (P),
 * so gradients come out at FORWARD_FRAC + 2 + P and the loss parts at FORWARD_FRAC + P.
 */
export const FORWARD_FRAC = 40;
export const D_FRAC = FORWARD_FRAC + 2;

/**
 * Every message of HeteroLR by tag; `it`/`b` are the iteration and the batch (FATE's suffixes).
 * `gradient_size` (ours) is what each of guest and hosts tells the arbiter at setup: how many
 * values it will ask to decrypt per batch (its features, + 1 for the guest's intercept), the
 * bound the arbiter holds it to (decryption-bounds.ts). What FATE sends apart to the same party at
 * the same step goes in one message here (each message is a signed transfer with its own store
 * writes at the receiver): a host's forward carries its loss terms ({forward, loss}: FATE's
 * host_forward and the host's loss parts), and a party's masked gradient the guest's encrypted
 * loss ({gradient, loss}: FATE's gradient and loss of the batch); `loss` is null where none is
 * computed (several hosts, and always from a host to the arbiter).
 */
export const LR_TAGS = {
  publicKey: 'lr.paillier_public_key',
  gradientSize: 'lr.gradient_size',
  /** guest → hosts before training: {batches: the first iteration's ids per batch, reshuffled: whether later ones come apart}. */
  batchIds: 'lr.batch_ids',
  /** guest → hosts, when reshuffled: iteration `it`'s batches (ids), sent an iteration ahead. */
  iterationBatchIds: (it: number) => `lr.${it}.batch_ids`,
  batchNum: 'lr.batch_num',
  hostForward: (it: number, b: number) => `lr.${it}.${b}.host_forward`,
  foreGradient: (it: number, b: number) => `lr.${it}.${b}.fore_gradient`,
  gradient: (role: 'guest' | 'host', it: number, b: number) => `lr.${it}.${b}.${role}_gradient`,
  decrypted: (role: 'guest' | 'host', it: number, b: number) => `lr.${it}.${b}.${role}_gradient_decrypted`,
  deltaNorm: (it: number) => `lr.${it}.delta_norm`,
  converge: (it: number) => `lr.${it}.converge`,
  predictHostWx: 'lr.predict.host_wx',
  /** host → guest at a validation iteration, `.train` and `.validate`: {ids, wx} of each table. */
  validationWx: (it: number) => `lr.${it}.validation_host_wx`,
  /** guest → hosts, arbiter with early stopping: {stop, best_iteration}. */
  validationVerdict: (it: number) => `lr.${it}.validation_verdict`,
  /** host → guest after training with validate data: {ids, wx} of the validate rows under the final model. */
  predictValidateWx: 'lr.predict.host_validate_wx',
  /** host → guest in a predict (test_data): {ids, wx} of the test rows. */
  testWx: 'lr.test.host_wx',
} as const;

export interface LrParties {
  readonly guest: PartyRef;
  readonly hosts: readonly PartyRef[];
  readonly arbiter: PartyRef;
}

/**
 * The job's guest, hosts and arbiter, checked the same way at every party so that all of them
 * refuse a job the protocol cannot run before exchanging anything.
 */
export function lrParties(channel: FederationChannel, parameters: HeteroLrParameters): LrParties {
  const guest = channel.roles.guest?.[0];
  const arbiter = channel.roles.arbiter?.[0];
  const hosts = channel.roles.host ?? [];
  if (guest === undefined || arbiter === undefined || hosts.length === 0) {
    throw new ArgumentError('HeteroLR needs a guest, at least one host and an arbiter in the job');
  }
  // FATE computes no loss with several hosts (the hosts' cross terms would be needed).
  if (hosts.length > 1 && parameters.early_stop !== 'weight_diff') {
    throw new ArgumentError(
      `HeteroLR with ${hosts.length} hosts computes no loss: early_stop must be "weight_diff" (it is "${parameters.early_stop}")`,
    );
  }
  return {
    guest: { role: 'guest', partyId: guest },
    hosts: hosts.map((partyId) => ({ role: 'host', partyId })),
    arbiter: { role: 'arbiter', partyId: arbiter },
  };
}

/**
 * The arbiter's Paillier public key as guest and hosts take it: {n, g} checked (peer-keys.ts)
 * against this party's own key_length before anything is encrypted under it.
 */
export async function arbiterPublicKey(
  channel: FederationChannel,
  arbiter: PartyRef,
  keyLength: number,
): Promise<PaillierPublicKey> {
  const what = `${LR_TAGS.publicKey} from ${describeParty(arbiter)}`;
  return paillierPublicKey(asPaillierModulus(await channel.get(LR_TAGS.publicKey, arbiter), what, keyLength));
}
