import { ArgumentError } from '../../../functions/domain/errors.js';
import type { PartyRecord, PartyStore } from '../../../functions/domain/ports/party-store.js';
import type { Grant, PermissionStore } from '../../../functions/domain/ports/permission-store.js';
import type { SigningKeyStore } from '../../../functions/domain/ports/signing-key-store.js';

const grantKey = (grant: Grant): string =>
  grant.type === 'component'
    ? JSON.stringify([grant.partyId, 'component', grant.component])
    : JSON.stringify([grant.partyId, 'dataset', grant.namespace, grant.name]);

/** Grants by party; granting twice keeps one, revoking counts what was there. */
export class MemoryPermissionStore implements PermissionStore {
  private readonly grants = new Map<string, Grant>();

  async grant(grants: readonly Grant[]): Promise<void> {
    for (const grant of grants) this.grants.set(grantKey(grant), { ...grant });
  }

  async revoke(grants: readonly Grant[]): Promise<number> {
    let removed = 0;
    for (const key of new Set(grants.map(grantKey))) if (this.grants.delete(key)) removed += 1;
    return removed;
  }

  /** Components first (by name), then datasets (by namespace, name), as the table's sort key orders them. */
  async listGrants(partyId: number): Promise<Grant[]> {
    return [...this.grants.values()]
      .filter((grant) => grant.partyId === partyId)
      .sort((a, b) => (grantKey(a) < grantKey(b) ? -1 : 1));
  }
}

/** The party registry. */
export class MemoryPartyStore implements PartyStore {
  private readonly parties = new Map<number, PartyRecord>();

  async putParty(party: PartyRecord): Promise<void> {
    this.parties.set(party.partyId, structuredClone(party));
  }

  async getParty(partyId: number): Promise<PartyRecord | undefined> {
    return structuredClone(this.parties.get(partyId));
  }

  async listParties(): Promise<PartyRecord[]> {
    return [...this.parties.values()].sort((a, b) => a.partyId - b.partyId).map((p) => structuredClone(p));
  }

  async removeParty(partyId: number): Promise<boolean> {
    return this.parties.delete(partyId);
  }

  async recordContact(partyId: number, at: number): Promise<void> {
    const party = this.parties.get(partyId);
    if (party !== undefined) this.parties.set(partyId, { ...party, lastContact: at });
  }
}

/** A site's signing keys; the last one is never removed. */
export class MemorySigningKeyStore implements SigningKeyStore {
  constructor(private readonly keys: string[] = []) {}

  async secretKeys(): Promise<readonly string[]> {
    return [...this.keys];
  }

  async addKey(secretKey: string): Promise<readonly string[]> {
    this.keys.push(secretKey);
    return [...this.keys];
  }

  async removeKey(keyId: string): Promise<readonly string[]> {
    const index = this.keys.indexOf(keyId);
    if (index === -1) return [...this.keys];
    if (this.keys.length === 1) throw new ArgumentError('the last signing key cannot be removed');
    this.keys.splice(index, 1);
    return [...this.keys];
  }
}
