import { DataError } from '../../../functions/domain/errors.js';

/**
 * The guest's rows whose final value (a doubly-blinded element or an RSA final hash) a host's row
 * also has: guest row index → host row index. Ids are unique on both sides (checked before), so
 * each value names at most one row per side.
 */
export function matchRows(guestValues: readonly string[], hostValues: readonly string[]): Map<number, number> {
  const hostIndex = new Map<string, number>();
  hostValues.forEach((value, index) => {
    hostIndex.set(value, index);
  });
  const matches = new Map<number, number>();
  guestValues.forEach((value, index) => {
    const hostRow = hostIndex.get(value);
    if (hostRow !== undefined) matches.set(index, hostRow);
  });
  return matches;
}

/** Refuses repeated ids: FATE's tables are keyed by id, so a repeated id has no single row to keep. */
export function uniqueIds(ids: readonly string[], where: string): void {
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    if (seen.has(id)) throw new DataError(`${where}: id "${id}" appears more than once (row ${index + 1})`);
    seen.add(id);
  }
}
