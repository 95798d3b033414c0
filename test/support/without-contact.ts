/**
 * A stored item without a registry entry's last contact: every accepted delivery sets it on its
 * sender's entry (receive-delivery.ts), beside its webhook id and stored answer, so a before/after
 * comparison that leaves out the delivery records leaves it out too.
 */
export function withoutContact<T>(item: T): T {
  const record = item as Record<string, unknown>;
  if (record.PK !== 'PARTIES' || record.lastContact === undefined) return item;
  const { lastContact: _contact, ...rest } = record;
  return rest as T;
}
