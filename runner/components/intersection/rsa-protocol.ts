import type { RsaParams } from '../../../components/intersection.js';
import { FederatedError } from '../../../functions/domain/errors.js';
import { asRsaPublicKey } from '../peer-keys.js';
import { asBigIntArray, asBytes, asRecord, asString } from '../transfer-values.js';
import { digest } from './hashing.js';
import { describeParty, type PeerLink, type PsiSettings, INTERSECT_TAGS as TAGS } from './link.js';
import { matchRows } from './matching.js';
import {
  blind,
  finalHash,
  generateRsaKey,
  hashToInteger,
  newBlinding,
  type RsaPublicKey,
  RsaSigner,
  unblind,
} from './rsa-psi.js';

/**
 * FATE's RSA intersection between the guest and one host (rsa-psi.ts has the arithmetic):
 *   host → guest  rsa.public_key      {n, e, fingerprint}
 *   host → guest  rsa.host_ids        final_hash(H(id)^d) of every host id, concatenated
 *   guest → host  rsa.guest_blinded   H(id)·r^e mod n per guest id
 *   host → guest  rsa.guest_signed    (H(id)·r^e)^d mod n, same order
 * The guest unblinds, hashes, and matches; the result goes back through intersection-sync. The
 * guest checks the host's key (peer-keys.ts) before blinding anything under it; the host signs
 * with base blinding (RsaSigner), so the guest never chooses what its secret exponent works on.
 */
export async function rsaHost(link: PeerLink, settings: PsiSettings, params: RsaParams): Promise<void> {
  const { channel, peer } = link;
  const key = generateRsaKey(params.key_length);
  const signer = new RsaSigner(key);
  await channel.remote(TAGS.rsaPublicKey, { n: key.n, e: key.e, fingerprint: settings.fingerprint }, [peer]);
  const own = settings.ids.map((id) =>
    Buffer.from(
      finalHash(params.final_hash_method, signer.sign(hashToInteger(params.hash_method, id, params.salt, key.n))),
      'hex',
    ),
  );
  await channel.remote(TAGS.rsaHostIds, new Uint8Array(Buffer.concat(own)), [peer]);
  const blinded = asBigIntArray(
    await channel.get(TAGS.rsaGuestBlinded, peer),
    `${TAGS.rsaGuestBlinded} from ${describeParty(peer)}`,
  );
  const signed = blinded.map((value, i) => {
    // Signing n or more would let a hostile guest probe the key outside the group Z_n.
    if (value <= 0n || value >= key.n) throw new FederatedError(`${TAGS.rsaGuestBlinded}[${i}] is not in [1, n)`);
    return signer.sign(value);
  });
  await channel.remote(TAGS.rsaGuestSigned, signed, [peer]);
}

/** The guest's side: guest row → host row for the ids both hold. */
export async function rsaGuest(link: PeerLink, settings: PsiSettings, params: RsaParams): Promise<Map<number, number>> {
  const { channel, peer } = link;
  const from = describeParty(peer);
  const what = `${TAGS.rsaPublicKey} from ${from}`;
  const offer = asRecord(await channel.get(TAGS.rsaPublicKey, peer), what);
  if (asString(offer.fingerprint, 'fingerprint') !== settings.fingerprint) {
    throw new FederatedError(
      `${from} runs the intersection with other settings (intersect_method, hash_method, final_hash_method or salt differ): the ids could never match`,
    );
  }
  const key: RsaPublicKey = asRsaPublicKey(offer, what, params.key_length);
  const blindings = settings.ids.map(() => newBlinding(key, params.random_bit));
  const blinded = settings.ids.map((id, i) => {
    const blinding = blindings[i];
    if (blinding === undefined) throw new Error('unreachable: one blinding per id');
    return blind(key, hashToInteger(params.hash_method, id, params.salt, key.n), blinding);
  });
  await channel.remote(TAGS.rsaGuestBlinded, blinded, [peer]);
  const signed = asBigIntArray(
    await channel.get(TAGS.rsaGuestSigned, peer),
    `${TAGS.rsaGuestSigned} from ${from}`,
    blinded.length,
  );
  const guestFinal = signed.map((value, i) => {
    const blinding = blindings[i];
    if (blinding === undefined) throw new Error('unreachable: one blinding per id');
    return finalHash(params.final_hash_method, unblind(key, value, blinding));
  });
  const hostBytes = asBytes(await channel.get(TAGS.rsaHostIds, peer), `${TAGS.rsaHostIds} from ${from}`);
  return matchRows(
    guestFinal,
    splitDigests(hostBytes, digest(params.final_hash_method, new Uint8Array()).length, from),
  );
}

function splitDigests(bytes: Uint8Array, size: number, from: string): string[] {
  if (bytes.length % size !== 0)
    throw new FederatedError(`${TAGS.rsaHostIds} from ${from}: not whole ${size}-byte digests`);
  const out: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) {
    out.push(Buffer.from(bytes.subarray(offset, offset + size)).toString('hex'));
  }
  return out;
}
