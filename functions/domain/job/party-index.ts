import { ArgumentError } from '../errors.js';

/**
 * A party-index key of a conf's role section: "0", "0|2" or "all". Indexes are positions in the
 * conf's `role.<role>` list, not party ids (FATE's rule).
 */
export type PartyIndexKey =
  | { readonly kind: 'all' }
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] };

export function parsePartyIndexKey(key: string, partyCount: number, path: string): PartyIndexKey {
  if (key === 'all') return { kind: 'all' };
  const parts = key.split('|');
  const indexes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]*)$/.test(part)) {
      throw new ArgumentError(
        `${path}: party index key "${key}" is not valid; use "all", an index such as "0", or indexes joined by "|" such as "0|2"`,
        { details: { field: path } },
      );
    }
    const index = Number(part);
    if (index >= partyCount) {
      throw new ArgumentError(
        `${path}: party index ${index} is out of range; the role lists ${partyCount} ${partyCount === 1 ? 'party' : 'parties'} (indexes 0..${partyCount - 1})`,
        { details: { field: path } },
      );
    }
    indexes.push(index);
  }
  return { kind: 'indexes', indexes };
}

export function keyMatches(key: PartyIndexKey, index: number): boolean {
  return key.kind === 'all' || key.indexes.includes(index);
}

/**
 * How specific a key is, for merge order: "all" first, then multi-index keys, then a single index,
 * so the most specific setting wins whatever order the conf lists its keys in.
 */
export function keySpecificity(key: PartyIndexKey): number {
  if (key.kind === 'all') return 0;
  return key.indexes.length > 1 ? 1 : 2;
}
