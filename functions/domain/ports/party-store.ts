/**
 * The party registry: every peer this site talks to, where it listens and the keys it signs
 * with (several during a rotation). A call from a party not here is refused.
 */
export interface PartyRecord {
  readonly partyId: number;
  /** The peer's federation endpoint, an https:// URL. */
  readonly endpoint: string;
  /** Its Standard Webhooks public keys (`whpk_…`), newest last. */
  readonly publicKeys: readonly string[];
  readonly updateTime: number;
}

export interface PartyStore {
  putParty(party: PartyRecord): Promise<void>;
  getParty(partyId: number): Promise<PartyRecord | undefined>;
  listParties(): Promise<PartyRecord[]>;
  /** Returns whether there was one to remove. */
  removeParty(partyId: number): Promise<boolean>;
}
