import { hash } from 'node:crypto';
import type { IntersectionParameters } from '../../../components/intersection.js';
import { ArgumentError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel } from '../component.js';
import { asRowIndices } from '../transfer-values.js';
import { ecdhGuest, ecdhHost, hashOwnIds } from './ecdh-protocol.js';
import { ECDH_ENCODING_DST } from './ecdh-psi.js';
import { describeParty, INTERSECT_TAGS, type PsiSettings } from './link.js';
import { rsaGuest, rsaHost } from './rsa-protocol.js';

/** What each party ends with: the rows of its own table in the intersection (ascending), or none known. */
export type IntersectionResult = { readonly rows: readonly number[] } | { readonly rows: undefined };

/**
 * The settings both sides must share, as a digest: sent by the host, checked by the guest, so a
 * salt or hash mismatch fails with a reason instead of an empty intersection. ECDH's also names
 * how ids are encoded to the curve, which a release may change (ECDH_ENCODING_DST).
 */
export function settingsFingerprint(parameters: IntersectionParameters): string {
  const method = parameters.intersect_method;
  const shared =
    method === 'rsa'
      ? { method, ...pick(parameters.rsa_params, ['salt', 'hash_method', 'final_hash_method']) }
      : { method, ...pick(parameters.ecdh_params, ['salt', 'hash_method', 'curve']), encoding: ECDH_ENCODING_DST };
  return hash('sha256', JSON.stringify(shared), 'hex');
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

/**
 * The guest runs the pairwise protocol with every host at once, keeps the rows every host also
 * holds, and (sync_intersect_ids, FATE's default true) tells each host which of its rows those are
 * — as row indices into the host's own table, which say no more than the ids themselves would.
 */
export async function intersectAsGuest(
  channel: FederationChannel,
  ids: readonly string[],
  parameters: IntersectionParameters,
): Promise<IntersectionResult> {
  const hosts: PartyRef[] = (channel.roles.host ?? []).map((partyId) => ({ role: 'host', partyId }));
  if (hosts.length === 0) throw new ArgumentError('Intersection needs at least one host in the job');
  // Got ready while the ids are hashed: the first send is on the path of every party's result.
  channel.prepare(hosts);
  const settings: PsiSettings = { ids, fingerprint: settingsFingerprint(parameters) };
  // ECDH's hash of the ids is the same for every host: computed once, blinded once per host.
  const hashed = parameters.intersect_method === 'rsa' ? undefined : hashOwnIds(settings, parameters.ecdh_params);
  const matches = await Promise.all(
    hosts.map((peer) =>
      hashed === undefined
        ? rsaGuest({ channel, peer }, settings, rsaParamsOf(parameters))
        : ecdhGuest({ channel, peer }, settings, hashed),
    ),
  );
  const rows = ids.map((_, index) => index).filter((index) => matches.every((match) => match.has(index)));
  if (parameters.sync_intersect_ids) {
    await Promise.all(
      hosts.map((peer, h) => {
        const hostRows = rows.map((index) => matches[h]?.get(index) ?? -1).sort((a, b) => a - b);
        return channel.remote(INTERSECT_TAGS.intersectIds, hostRows, [peer]);
      }),
    );
  }
  return { rows };
}

export async function intersectAsHost(
  channel: FederationChannel,
  ids: readonly string[],
  parameters: IntersectionParameters,
): Promise<IntersectionResult> {
  const guestId = channel.roles.guest?.[0];
  if (guestId === undefined) throw new ArgumentError('Intersection needs a guest in the job');
  const peer: PartyRef = { role: 'guest', partyId: guestId };
  channel.prepare([peer]);
  const settings: PsiSettings = { ids, fingerprint: settingsFingerprint(parameters) };
  if (parameters.intersect_method === 'rsa') await rsaHost({ channel, peer }, settings, rsaParamsOf(parameters));
  else await ecdhHost({ channel, peer }, settings, parameters.ecdh_params);
  if (!parameters.sync_intersect_ids) return { rows: undefined };
  const what = `${INTERSECT_TAGS.intersectIds} from ${describeParty(peer)}`;
  const rows = asRowIndices(await channel.get(INTERSECT_TAGS.intersectIds, peer), what, ids.length);
  return { rows: [...rows].sort((a, b) => a - b) };
}

/** FATE's top-level `random_bit` (its older place for it) stands for `rsa_params.random_bit` when given. */
export function rsaParamsOf(parameters: IntersectionParameters): IntersectionParameters['rsa_params'] {
  const { random_bit: randomBit } = parameters;
  return randomBit === undefined ? parameters.rsa_params : { ...parameters.rsa_params, random_bit: randomBit };
}
