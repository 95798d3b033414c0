import type { PartyRecord, PartyStore } from '../domain/ports/party-store.js';
import type { PeerConfig } from './read-site-env.js';

const sameParty = (stored: PartyRecord, peer: PeerConfig): boolean =>
  stored.endpoint === peer.endpoint &&
  stored.publicKeys.length === peer.publicKeys.length &&
  stored.publicKeys.every((key, index) => key === peer.publicKeys[index]);

/**
 * Registers the stack's peers (FATE_FLOW_PEERS) in the party registry at cold start: a missing
 * peer is added, one whose endpoint or keys differ is replaced, an identical one is left alone (so
 * its updateTime says when it last really changed). Peers added through the API and not in the
 * stack's list are kept. Returns the party ids written.
 */
export async function registerPeers(
  parties: PartyStore,
  peers: readonly PeerConfig[],
  clock: () => number,
): Promise<number[]> {
  const written: number[] = [];
  for (const peer of peers) {
    const stored = await parties.getParty(peer.partyId);
    if (stored !== undefined && sameParty(stored, peer)) continue;
    await parties.putParty({ ...peer, publicKeys: [...peer.publicKeys], updateTime: clock() });
    written.push(peer.partyId);
  }
  return written;
}
