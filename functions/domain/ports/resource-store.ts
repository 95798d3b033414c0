import type { ResourceAmount } from '../plan/peer-share.js';

/**
 * The site's resource pool, FATE's `t_engine_registry` row. Grants live inside the pool record,
 * keyed by job id, so applying and returning are each one atomic conditional update (no
 * transactions needed) and are idempotent: applying twice for a job grants once, returning a grant
 * that is not there changes nothing.
 */
export interface ResourceGrant {
  readonly jobId: string;
  readonly cores: number;
  readonly memory: number;
  readonly appliedAt: number;
  /**
   * The party that initiated the job, when it is not this site: the grant counts against what
   * that peer's jobs may hold (domain/plan/peer-share.ts). Absent for the site's own jobs.
   */
  readonly peer?: number;
}

export interface ResourcePool {
  readonly name: string;
  readonly cores: number;
  readonly memory: number;
  readonly nodes: number;
  readonly remainingCores: number;
  readonly remainingMemory: number;
  readonly grants: readonly ResourceGrant[];
}

/** `peer_share_exceeded`: the pool has room, but not within what the grant's peer may hold. */
export type ApplyResult = 'granted' | 'already_granted' | 'insufficient' | 'peer_share_exceeded';
export type ReturnResult = 'returned' | 'not_held';

export interface ResourceStore {
  /** Creates the pool if it does not exist; an existing pool keeps its grants (totals are updated). */
  ensurePool(pool: {
    readonly name: string;
    readonly cores: number;
    readonly memory: number;
    readonly nodes: number;
  }): Promise<void>;
  getPool(name: string): Promise<ResourcePool | undefined>;
  /**
   * Holds the grant if the pool has room — and, for a peer's job (`grant.peer`), if that peer's
   * grants stay within `peerLimit` — in one atomic step. Without `peerLimit` a peer's grant is
   * counted but not bounded.
   */
  apply(poolName: string, grant: ResourceGrant, peerLimit?: ResourceAmount): Promise<ApplyResult>;
  return(poolName: string, jobId: string): Promise<ReturnResult>;
}
