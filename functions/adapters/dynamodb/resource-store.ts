/**
 * ResourceStore on the site's DynamoDB table: one item per pool, its grants inside it, so apply
 * and return are each one conditional UpdateItem (atomic without transactions).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.js';
import type {
  ApplyResult,
  ResourceGrant,
  ResourcePool,
  ResourceStore,
  ReturnResult,
} from '../../domain/ports/resource-store.js';
import { poolItemKey } from './keys.js';
import { conditionally, DEFAULT_MAX_ATTEMPTS, retryOnConflict } from './operations.js';
import { fromPoolItem, POOL_ITEM_TYPE, toStoredGrant } from './pool-item.js';
import type { DynamoStoreOptions } from './store-options.js';

const POOL_NAMES = {
  '#cores': 'cores',
  '#memory': 'memory',
  '#nodes': 'nodes',
  '#remainingCores': 'remainingCores',
  '#remainingMemory': 'remainingMemory',
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
      const current = await this.getPool(pool.name);
      if (current === undefined) {
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
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          ),
        );
        return created ? true : undefined;
      }
      if (current.cores === pool.cores && current.memory === pool.memory && current.nodes === pool.nodes) return true;
      const updated = await conditionally(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: poolItemKey(pool.name),
            UpdateExpression:
              'SET #cores = :cores, #memory = :memory, #nodes = :nodes, ' +
              '#remainingCores = #remainingCores + :deltaCores, #remainingMemory = #remainingMemory + :deltaMemory',
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
            },
          }),
        ),
      );
      return updated ? true : undefined;
    }).then(() => undefined);
  }

  async getPool(name: string): Promise<ResourcePool | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: poolItemKey(name), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromPoolItem(item);
  }

  /** One conditional update: enough left and no grant for this job yet. */
  async apply(poolName: string, grant: ResourceGrant): Promise<ApplyResult> {
    const granted = await conditionally(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: poolItemKey(poolName),
          UpdateExpression:
            'SET #grants.#job = :grant, ' +
            '#remainingCores = #remainingCores - :cores, #remainingMemory = #remainingMemory - :memory',
          ConditionExpression:
            'attribute_exists(#PK) AND #remainingCores >= :cores AND #remainingMemory >= :memory ' +
            'AND attribute_not_exists(#grants.#job)',
          ExpressionAttributeNames: {
            '#PK': 'PK',
            '#grants': 'grants',
            '#remainingCores': 'remainingCores',
            '#remainingMemory': 'remainingMemory',
            '#job': grant.jobId,
          },
          ExpressionAttributeValues: { ':grant': toStoredGrant(grant), ':cores': grant.cores, ':memory': grant.memory },
        }),
      ),
    );
    if (granted) return 'granted';
    const pool = await this.getPool(poolName);
    if (pool === undefined) throw new NotFoundError(`resource pool ${poolName} not found`);
    return pool.grants.some((held) => held.jobId === grant.jobId) ? 'already_granted' : 'insufficient';
  }

  /** Reads the grant, then removes it and adds its amounts back, if it is still that same grant. */
  return(poolName: string, jobId: string): Promise<ReturnResult> {
    return retryOnConflict(`grant of job ${jobId} in pool ${poolName}`, this.maxAttempts, async () => {
      const pool = await this.getPool(poolName);
      if (pool === undefined) throw new NotFoundError(`resource pool ${poolName} not found`);
      const held = pool.grants.find((grant) => grant.jobId === jobId);
      if (held === undefined) return 'not_held' as const;
      const returned = await conditionally(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: poolItemKey(poolName),
            UpdateExpression:
              'REMOVE #grants.#job ' +
              'SET #remainingCores = #remainingCores + :cores, #remainingMemory = #remainingMemory + :memory',
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
            },
            ExpressionAttributeValues: { ':cores': held.cores, ':memory': held.memory, ':appliedAt': held.appliedAt },
          }),
        ),
      );
      return returned ? ('returned' as const) : undefined;
    });
  }
}
