import type { EcdhParams } from '../../../components/intersection.js';
import { FederatedError } from '../../../functions/domain/errors.js';
import { asBytes, asRecord, asString } from '../transfer-values.js';
import { blindPoints, encodingsOf, hashIdsToGroup, newEcdhSecret, reblind } from './ecdh-psi.js';
import { describeParty, type PeerLink, type PsiSettings, INTERSECT_TAGS as TAGS, whileSending } from './link.js';
import { matchRows } from './matching.js';

/** H(id) for this party's ids: a guest hashes them once for all its hosts (ecdhGuest). */
export function hashOwnIds(settings: PsiSettings, params: EcdhParams): Promise<Uint8Array[]> {
  return hashIdsToGroup(settings.ids, params.hash_method, params.salt);
}

/**
 * ECDH intersection between the guest and one host (ecdh-psi.ts has the group arithmetic):
 *   guest → host  ecdh.guest_points         H(id)^a per guest id
 *   host → guest  ecdh.host_points          {fingerprint, points: H(id)^b per host id}
 *   host → guest  ecdh.guest_points_double  (H(id)^a)^b, in the guest's order
 * The guest raises the host's points to a and matches them against the doubly-blinded own ones.
 * Each side's first message is in flight while it waits for the other's and blinds it again
 * (whileSending), and the host's second message, on the guest's path, is sent as soon as it is
 * computed, without waiting for the first one's acknowledgement (docs/small-components.md).
 */
export async function ecdhHost(link: PeerLink, settings: PsiSettings, params: EcdhParams): Promise<void> {
  const { channel, peer } = link;
  const secret = newEcdhSecret();
  const own = blindPoints(await hashOwnIds(settings, params), secret);
  const sending = channel.remote(TAGS.ecdhHostPoints, { fingerprint: settings.fingerprint, points: own }, [peer]);
  const what = `${TAGS.ecdhGuestPoints} from ${describeParty(peer)}`;
  const guestPoints = asBytes(await whileSending(sending, channel.get(TAGS.ecdhGuestPoints, peer)), what);
  const guestDouble = await reblind(guestPoints, secret, undefined, what);
  await Promise.all([sending, channel.remote(TAGS.ecdhGuestPointsDouble, guestDouble, [peer])]);
}

/**
 * The guest's side with one host. `hashed` is H(id) for the guest's ids (hashOwnIds): the same
 * for every host, so a guest with several hosts hashes its ids once; each host gets its own secret.
 */
export async function ecdhGuest(
  link: PeerLink,
  settings: PsiSettings,
  hashed: Promise<readonly Uint8Array[]>,
): Promise<Map<number, number>> {
  const { channel, peer } = link;
  const from = describeParty(peer);
  const secret = newEcdhSecret();
  const own = blindPoints(await hashed, secret);
  const sending = channel.remote(TAGS.ecdhGuestPoints, own, [peer]);
  const offer = asRecord(
    await whileSending(sending, channel.get(TAGS.ecdhHostPoints, peer)),
    `${TAGS.ecdhHostPoints} from ${from}`,
  );
  if (asString(offer.fingerprint, 'fingerprint') !== settings.fingerprint) {
    throw new FederatedError(
      `${from} runs the intersection with other settings (intersect_method, hash_method or salt differ, or a release that encodes ids otherwise): the ids could never match`,
    );
  }
  const hostDouble = await reblind(
    asBytes(offer.points, 'host points'),
    secret,
    undefined,
    `${TAGS.ecdhHostPoints} from ${from}`,
  );
  const what = `${TAGS.ecdhGuestPointsDouble} from ${from}`;
  const guestDouble = asBytes(await whileSending(sending, channel.get(TAGS.ecdhGuestPointsDouble, peer)), what);
  await sending;
  if (guestDouble.length !== own.length) throw new FederatedError(`${what}: not one element per guest id`);
  return matchRows(encodingsOf(guestDouble), encodingsOf(hostDouble));
}
