import { NotFoundError } from '../../../functions/domain/errors.js';
import { fitsPeerShare, heldForPeer, type ResourceAmount } from '../../../functions/domain/plan/peer-share.js';
import type {
  ApplyResult,
  ResourceGrant,
  ResourcePool,
  ResourceStore,
  ReturnResult,
} from '../../../functions/domain/ports/resource-store.js';

/**
 * ResourceStore in memory, with DynamoResourceStore's contract: applying for a job that holds a
 * grant grants nothing more (`already_granted`), returning what is not held changes nothing
 * (`not_held`), a peer's grants stay within its limit (the domain's `fitsPeerShare`), and
 * resizing a pool moves what remains by the same delta. Grants are listed oldest first.
 */
export class MemoryResourceStore implements ResourceStore {
  private readonly pools = new Map<string, ResourcePool>();

  async ensurePool(pool: {
    readonly name: string;
    readonly cores: number;
    readonly memory: number;
    readonly nodes: number;
  }): Promise<void> {
    const current = this.pools.get(pool.name);
    this.pools.set(pool.name, {
      ...pool,
      remainingCores:
        (current?.remainingCores ?? pool.cores) + (current === undefined ? 0 : pool.cores - current.cores),
      remainingMemory:
        (current?.remainingMemory ?? pool.memory) + (current === undefined ? 0 : pool.memory - current.memory),
      grants: current?.grants ?? [],
    });
  }

  async getPool(name: string): Promise<ResourcePool | undefined> {
    return structuredClone(this.pools.get(name));
  }

  async apply(poolName: string, grant: ResourceGrant, peerLimit?: ResourceAmount): Promise<ApplyResult> {
    const pool = this.requirePool(poolName);
    if (pool.grants.some((held) => held.jobId === grant.jobId)) return 'already_granted';
    const { peer } = grant;
    if (
      peer !== undefined &&
      peerLimit !== undefined &&
      !fitsPeerShare(heldForPeer(pool.grants, peer), grant, peerLimit)
    ) {
      return 'peer_share_exceeded';
    }
    if (pool.remainingCores < grant.cores || pool.remainingMemory < grant.memory) return 'insufficient';
    const grants = [...pool.grants, { ...grant }].sort(
      (a, b) => a.appliedAt - b.appliedAt || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0),
    );
    this.pools.set(poolName, {
      ...pool,
      remainingCores: pool.remainingCores - grant.cores,
      remainingMemory: pool.remainingMemory - grant.memory,
      grants,
    });
    return 'granted';
  }

  async return(poolName: string, jobId: string): Promise<ReturnResult> {
    const pool = this.requirePool(poolName);
    const held = pool.grants.find((grant) => grant.jobId === jobId);
    if (held === undefined) return 'not_held';
    this.pools.set(poolName, {
      ...pool,
      remainingCores: pool.remainingCores + held.cores,
      remainingMemory: pool.remainingMemory + held.memory,
      grants: pool.grants.filter((grant) => grant.jobId !== jobId),
    });
    return 'returned';
  }

  private requirePool(name: string): ResourcePool {
    const pool = this.pools.get(name);
    if (pool === undefined) throw new NotFoundError(`resource pool ${name} not found`);
    return pool;
  }
}
