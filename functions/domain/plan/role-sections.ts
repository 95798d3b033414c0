import { ArgumentError } from '../errors.js';
import { keyMatches, keySpecificity, type PartyIndexKey, parsePartyIndexKey } from '../job/party-index.js';
import type { Role, RoleParties } from '../job/roles.js';

/**
 * A conf's `<section>.role.<role>.<index key>` entries, checked against the job's parties once and
 * then looked up per party: the entries that apply to party `index` of `role`, least specific first
 * ("all", then "0|2", then "0"), so merging them in order lets the most specific one win.
 */
export interface RoleSections<T> {
  forParty(role: Role, index: number): T[];
}

export function indexRoleSections<T>(
  section: Readonly<Partial<Record<Role, Readonly<Record<string, T>>>>> | undefined,
  roles: RoleParties,
  path: string,
): RoleSections<T> {
  const entries: Array<{ role: Role; key: PartyIndexKey; value: T }> = [];
  for (const [role, byIndex] of Object.entries(section ?? {}) as Array<[Role, Readonly<Record<string, T>>]>) {
    const parties = roles[role];
    if (parties === undefined) {
      throw new ArgumentError(`${path}.${role}: the conf's role section lists no ${role}`, {
        details: { field: `${path}.${role}` },
      });
    }
    for (const [rawKey, value] of Object.entries(byIndex)) {
      entries.push({ role, key: parsePartyIndexKey(rawKey, parties.length, `${path}.${role}.${rawKey}`), value });
    }
  }
  return {
    forParty: (role, index) =>
      entries
        .filter((entry) => entry.role === role && keyMatches(entry.key, index))
        .sort((a, b) => keySpecificity(a.key) - keySpecificity(b.key))
        .map((entry) => entry.value),
  };
}
