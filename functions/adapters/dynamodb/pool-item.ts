/**
 * ResourcePool ⟷ item. Grants are a map inside the pool item: `grants.<jobId> = {cores, memory,
 * appliedAt[, peer]}`. Beside them, `peerCores.<partyId>` and `peerMemory.<partyId>` hold the sum
 * of each peer's grants, kept in the same updates as the grants, so that one condition can bound
 * what a peer holds (DynamoDB conditions cannot sum a map).
 */
import type { ResourceGrant, ResourcePool } from '../../domain/ports/resource-store.js';
import { ItemReader, isPlainObject } from './item-reader.js';
import type { Item } from './operations.js';

export const POOL_ITEM_TYPE = 'pool';

/** A grant as stored under `grants.<jobId>`. */
export interface StoredGrant {
  readonly cores: number;
  readonly memory: number;
  readonly appliedAt: number;
  readonly peer?: number;
}

/** The maps of each peer's held cores and memory, by party id. */
export const PEER_CORES = 'peerCores';
export const PEER_MEMORY = 'peerMemory';

export function toStoredGrant(grant: ResourceGrant): StoredGrant {
  return {
    cores: grant.cores,
    memory: grant.memory,
    appliedAt: grant.appliedAt,
    ...(grant.peer === undefined ? {} : { peer: grant.peer }),
  };
}

function isStoredGrant(value: unknown): value is StoredGrant {
  return (
    isPlainObject(value) &&
    typeof value.cores === 'number' &&
    typeof value.memory === 'number' &&
    typeof value.appliedAt === 'number' &&
    (value.peer === undefined || typeof value.peer === 'number')
  );
}

/** A pool item written before peers' holds were counted lacks the maps (ensurePool adds them). */
export function hasPeerCounters(item: Item): boolean {
  return isPlainObject(item[PEER_CORES]) && isPlainObject(item[PEER_MEMORY]);
}

const isGrantMap = (value: unknown): value is Record<string, StoredGrant> =>
  isPlainObject(value) && Object.values(value).every(isStoredGrant);

/** Grants oldest first (then by job id). */
export function fromPoolItem(item: Item): ResourcePool {
  const read = new ItemReader(item, 'resource pool');
  const grants = Object.entries(
    read.shaped('grants', isGrantMap, 'a map of job id to {cores, memory, appliedAt[, peer]}'),
  )
    .map(([jobId, grant]): ResourceGrant => ({ jobId, ...grant }))
    .sort((a, b) => a.appliedAt - b.appliedAt || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  return {
    name: read.string('name'),
    cores: read.number('cores'),
    memory: read.number('memory'),
    nodes: read.number('nodes'),
    remainingCores: read.number('remainingCores'),
    remainingMemory: read.number('remainingMemory'),
    grants,
  };
}
