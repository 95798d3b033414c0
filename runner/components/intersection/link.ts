import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';

/** One party's view of an exchange with one other party: the task's channel and that peer. */
export interface PeerLink {
  readonly channel: FederationChannel;
  readonly peer: PartyRef;
}

export const describeParty = (party: PartyRef): string => `${party.role} ${party.partyId}`;

/** What the two sides must agree on for their final values to be comparable at all. */
export interface PsiSettings {
  readonly ids: readonly string[];
  /** A digest of the settings both sides must share (method, hashes, salt): a mismatch fails clearly. */
  readonly fingerprint: string;
}

/** Every message of the Intersection component, by tag (the channel scopes them to the task). */
export const INTERSECT_TAGS = {
  rsaPublicKey: 'intersect.rsa.public_key',
  rsaHostIds: 'intersect.rsa.host_ids',
  rsaGuestBlinded: 'intersect.rsa.guest_blinded',
  rsaGuestSigned: 'intersect.rsa.guest_signed',
  ecdhGuestPoints: 'intersect.ecdh.guest_points',
  ecdhHostPoints: 'intersect.ecdh.host_points',
  ecdhGuestPointsDouble: 'intersect.ecdh.guest_points_double',
  intersectIds: 'intersect.ids',
} as const;

/**
 * `wanted` (a `get`), failing as soon as `sending` (this party's `remote` still in flight) fails:
 * a party that waits for its peer's message while its own is sent must not wait minutes for an
 * answer its failed send made impossible. The caller still awaits `sending` before it is done.
 */
export function whileSending<T>(sending: Promise<void>, wanted: Promise<T>): Promise<T> {
  return Promise.race([wanted, sending.then(() => wanted)]);
}
