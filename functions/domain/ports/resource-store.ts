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

export type ApplyResult = 'granted' | 'already_granted' | 'insufficient';
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
  apply(poolName: string, grant: ResourceGrant): Promise<ApplyResult>;
  return(poolName: string, jobId: string): Promise<ReturnResult>;
}
