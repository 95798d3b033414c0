/**
 * ResourceStore on the site's DynamoDB table: one item per pool, its grants inside it, so apply
 * and return are each one conditional UpdateItem (atomic without transactions) — a peer's bound
 * included: each peer's held sum sits in the same item and moves in the same update.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.js';
import { fitsPeerShare, heldForPeer, type ResourceAmount } from '../../domain/plan/peer-share.js';
import type {
  ApplyResult,
  ResourceGrant,
  ResourcePool,
  ResourceStore,
  ReturnResult,
} from '../../domain/ports/resource-store.js';
import { poolItemKey } from './keys.js';
import { conditionally, DEFAULT_MAX_ATTEMPTS, type Item, retryOnConflict } from './operations.js';
import { fromPoolItem, hasPeerCounters, PEER_CORES, PEER_MEMORY, POOL_ITEM_TYPE, toStoredGrant } from './pool-item.js';
import type { DynamoStoreOptions } from './store-options.js';

const POOL_NAMES = {
  '#cores': 'cores',
  '#memory': 'memory',
  '#nodes': 'nodes',
  '#remainingCores': 'remainingCores',
  '#remainingMemory': 'remainingMemory',
  '#peerCores': PEER_CORES,
  '#peerMemory': PEER_MEMORY,
};

export class DynamoResourceStore implements ResourceStore {
  private readonly maxAttempts: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /**
   * A new pool starts with nothing granted. An existing pool gets the new totals and its remaining
   * amounts move by the same delta (compare-and-set on the old totals), so its grants stay
   * accounted for; shrinking below what is granted leaves remaining negative until grants return.
   */
  ensurePool(pool: {
    readonly name: string;
    readonly cores: number;
    readonly memory: number;
    readonly nodes: number;
  }): Promise<void> {
    return retryOnConflict(`pool ${pool.name}`, this.maxAttempts, async () => {
      const item = await this.getPoolItem(pool.name);
      const current = item === undefined ? undefined : fromPoolItem(item);
      if (item === undefined || current === undefined) {
        const created = await conditionally(() =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...poolItemKey(pool.name),
                type: POOL_ITEM_TYPE,
                name: pool.name,
                cores: pool.cores,
                memory: pool.memory,
                nodes: pool.nodes,
                remainingCores: pool.cores,
                remainingMemory: pool.memory,
                grants: {},
                [PEER_CORES]: {},
                [PEER_MEMORY]: {},
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          ),
        );
        return created ? true : undefined;
      }
      const sameTotals = current.cores === pool.cores && current.memory === pool.memory && current.nodes === pool.nodes;
      if (sameTotals && hasPeerCounters(item)) return true;
      const updated = await conditionally(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: poolItemKey(pool.name),
            UpdateExpression:
              'SET #cores = :cores, #memory = :memory, #nodes = :nodes, ' +
              '#remainingCores = #remainingCores + :deltaCores, #remainingMemory = #remainingMemory + :deltaMemory, ' +
              // A pool stored before peers' holds were counted: no peer grant can be in it yet.
              '#peerCores = if_not_exists(#peerCores, :none), #peerMemory = if_not_exists(#peerMemory, :none)',
            ConditionExpression: '#cores = :oldCores AND #memory = :oldMemory',
            ExpressionAttributeNames: POOL_NAMES,
            ExpressionAttributeValues: {
              ':cores': pool.cores,
              ':memory': pool.memory,
              ':nodes': pool.nodes,
              ':deltaCores': pool.cores - current.cores,
              ':deltaMemory': pool.memory - current.memory,
              ':oldCores': current.cores,
              ':oldMemory': current.memory,
              ':none': {},
            },
          }),
        ),
      );
      return updated ? true : undefined;
    }).then(() => undefined);
  }

  async getPool(name: string): Promise<ResourcePool | undefined> {
    const item = await this.getPoolItem(name);
    return item === undefined ? undefined : fromPoolItem(item);
  }

  private async getPoolItem(name: string): Promise<Item | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: poolItemKey(name), ConsistentRead: true }),
    );
    return item;
  }

  /**
   * One conditional update: enough left, no grant for this job yet and — for a peer's job with a
   * limit — the peer's held sum plus this grant within the limit. The peer's sum moves in the same
   * update, so concurrent applies can never take a peer past its limit.
   */
  async apply(poolName: string, grant: ResourceGrant, peerLimit?: ResourceAmount): Promise<ApplyResult> {
    const { peer } = grant;
    const bounded = peer !== undefined && peerLimit !== undefined;
    // A grant larger than the whole limit can never fit; the condition below could not say so for
    // a peer holding nothing yet (its sum does not exist), so it is refused before any write.
    const granted =
      bounded && !fitsPeerShare({ cores: 0, memory: 0 }, grant, peerLimit)
        ? false
        : await conditionally(() => this.doc.send(new UpdateCommand(this.applyUpdate(poolName, grant, peerLimit))));
    if (granted) return 'granted';
    const pool = await this.getPool(poolName);
    if (pool === undefined) throw new NotFoundError(`resource pool ${poolName} not found`);
    if (pool.grants.some((held) => held.jobId === grant.jobId)) return 'already_granted';
    if (bounded && !fitsPeerShare(heldForPeer(pool.grants, peer), grant, peerLimit)) return 'peer_share_exceeded';
    return 'insufficient';
  }

  private applyUpdate(poolName: string, grant: ResourceGrant, peerLimit: ResourceAmount | undefined) {
    const names: Record<string, string> = {
      '#PK': 'PK',
      '#grants': 'grants',
      '#remainingCores': 'remainingCores',
      '#remainingMemory': 'remainingMemory',
      '#job': grant.jobId,
    };
    const values: Record<string, unknown> = {
      ':grant': toStoredGrant(grant),
      ':cores': grant.cores,
      ':memory': grant.memory,
    };
    let update =
      'SET #grants.#job = :grant, ' +
      '#remainingCores = #remainingCores - :cores, #remainingMemory = #remainingMemory - :memory';
    let condition =
      'attribute_exists(#PK) AND #remainingCores >= :cores AND #remainingMemory >= :memory ' +
      'AND attribute_not_exists(#grants.#job)';
    if (grant.peer !== undefined) {
      Object.assign(names, { '#peerCores': PEER_CORES, '#peerMemory': PEER_MEMORY, '#peer': String(grant.peer) });
      values[':zero'] = 0;
      update +=
        ', #peerCores.#peer = if_not_exists(#peerCores.#peer, :zero) + :cores' +
        ', #peerMemory.#peer = if_not_exists(#peerMemory.#peer, :zero) + :memory';
      if (peerLimit !== undefined) {
        // What the peer may hold before this grant for the grant to fit.
        values[':coresBefore'] = peerLimit.cores - grant.cores;
        values[':memoryBefore'] = peerLimit.memory - grant.memory;
        condition +=
          ' AND (attribute_not_exists(#peerCores.#peer) OR #peerCores.#peer <= :coresBefore)' +
          ' AND (attribute_not_exists(#peerMemory.#peer) OR #peerMemory.#peer <= :memoryBefore)';
      }
    }
    return {
      TableName: this.tableName,
      Key: poolItemKey(poolName),
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** Reads the grant, then removes it and adds its amounts back, if it is still that same grant. */
  return(poolName: string, jobId: string): Promise<ReturnResult> {
    return retryOnConflict(`grant of job ${jobId} in pool ${poolName}`, this.maxAttempts, async () => {
      const pool = await this.getPool(poolName);
      if (pool === undefined) throw new NotFoundError(`resource pool ${poolName} not found`);
      const held = pool.grants.find((grant) => grant.jobId === jobId);
      if (held === undefined) return 'not_held' as const;
      // A peer's grant leaves that peer's sum in the same update.
      const peerSum =
        held.peer === undefined
          ? ''
          : ', #peerCores.#peer = #peerCores.#peer - :cores, #peerMemory.#peer = #peerMemory.#peer - :memory';
      const returned = await conditionally(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: poolItemKey(poolName),
            UpdateExpression:
              'REMOVE #grants.#job ' +
              `SET #remainingCores = #remainingCores + :cores, #remainingMemory = #remainingMemory + :memory${peerSum}`,
            ConditionExpression:
              '#grants.#job.#cores = :cores AND #grants.#job.#memory = :memory AND #grants.#job.#appliedAt = :appliedAt',
            ExpressionAttributeNames: {
              '#grants': 'grants',
              '#remainingCores': 'remainingCores',
              '#remainingMemory': 'remainingMemory',
              '#job': jobId,
              '#cores': 'cores',
              '#memory': 'memory',
              '#appliedAt': 'appliedAt',
              ...(held.peer === undefined
                ? {}
                : { '#peerCores': PEER_CORES, '#peerMemory': PEER_MEMORY, '#peer': String(held.peer) }),
            },
            ExpressionAttributeValues: { ':cores': held.cores, ':memory': held.memory, ':appliedAt': held.appliedAt },
          }),
        ),
      );
      return returned ? ('returned' as const) : undefined;
    });
  }
}
