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
  /** When the party last made a federation call this site verified (epoch ms); absent before its first. */
  readonly lastContact?: number;
}

export interface PartyStore {
  putParty(party: PartyRecord): Promise<void>;
  getParty(partyId: number): Promise<PartyRecord | undefined>;
  listParties(): Promise<PartyRecord[]>;
  /** Returns whether there was one to remove. */
  removeParty(partyId: number): Promise<boolean>;
  /**
   * The party's call was verified at `at`: its lastContact becomes `at`. A party not registered
   * (removed meanwhile) is left unregistered. Re-registering a party (`putParty`) clears it.
   */
  recordContact(partyId: number, at: number): Promise<void>;
}
