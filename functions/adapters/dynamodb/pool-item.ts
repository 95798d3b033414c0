/** ResourcePool ⟷ item. Grants are a map inside the pool item: `grants.<jobId> = {cores, memory, appliedAt}`. */
import type { ResourceGrant, ResourcePool } from '../../domain/ports/resource-store.js';
import { ItemReader, isPlainObject } from './item-reader.js';
import type { Item } from './operations.js';

export const POOL_ITEM_TYPE = 'pool';

/** A grant as stored under `grants.<jobId>`. */
export interface StoredGrant {
  readonly cores: number;
  readonly memory: number;
  readonly appliedAt: number;
}

export function toStoredGrant(grant: ResourceGrant): StoredGrant {
  return { cores: grant.cores, memory: grant.memory, appliedAt: grant.appliedAt };
}

function isStoredGrant(value: unknown): value is StoredGrant {
  return (
    isPlainObject(value) &&
    typeof value.cores === 'number' &&
    typeof value.memory === 'number' &&
    typeof value.appliedAt === 'number'
  );
}

const isGrantMap = (value: unknown): value is Record<string, StoredGrant> =>
  isPlainObject(value) && Object.values(value).every(isStoredGrant);

/** Grants oldest first (then by job id). */
export function fromPoolItem(item: Item): ResourcePool {
  const read = new ItemReader(item, 'resource pool');
  const grants = Object.entries(read.shaped('grants', isGrantMap, 'a map of job id to {cores, memory, appliedAt}'))
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
