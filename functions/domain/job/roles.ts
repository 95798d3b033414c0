/** The roles a party can play in a FATE job. `local` is for one-party upload/download jobs. */
export const ROLES = ['guest', 'host', 'arbiter', 'local'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A party in one role of one job. The same party id may play several roles (host and arbiter). */
export interface PartyRef {
  readonly role: Role;
  readonly partyId: number;
}

/** The parties of a job by role, in the order the conf lists them (indexes matter: "0", "0|2"). */
export type RoleParties = Readonly<Partial<Record<Role, readonly number[]>>>;

/** Every (role, party) pair of a job, roles in canonical order, parties in conf order. */
export function partiesOf(roles: RoleParties): PartyRef[] {
  return ROLES.flatMap((role) => (roles[role] ?? []).map((partyId) => ({ role, partyId })));
}
