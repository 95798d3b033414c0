/**
 * DelegationStore on the site's DynamoDB table: one item per launched task version,
 * PK `DELEGATION#<jobId>`, SK `<component>#<v6>#<role>#<partyId>`, kept 30 days. A partition of its
 * own, apart from the job's, because runners may write their job's partition and must not be able
 * to bind a key to another task's launch.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DelegationRecord, DelegationStore } from '../../domain/ports/delegation-store.js';
import type { TaskKey } from '../../domain/records/task-record.js';
import { ItemReader } from './item-reader.js';
import { type ItemKey, padded, segment } from './keys.js';
import { conditionally } from './operations.js';
import { PARTITIONS } from './partitions.js';
import type { DynamoStoreOptions } from './store-options.js';
import { expiryAttributes } from './table-definition.js';

export function delegationItemKey(task: TaskKey): ItemKey {
  return {
    PK: `${PARTITIONS.delegation}${segment(task.jobId)}`,
    SK: `${segment(task.component)}#${padded(task.taskVersion, 6)}#${task.role}#${task.partyId}`,
  };
}

export class DynamoDelegationStore implements DelegationStore {
  private readonly now: () => number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async putTicket(record: Omit<DelegationRecord, 'publicKey'>, expiresAt: number): Promise<void> {
    const { task } = record;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...delegationItemKey(task),
          type: 'delegation',
          jobId: task.jobId,
          component: task.component,
          taskVersion: task.taskVersion,
          role: task.role,
          partyId: task.partyId,
          workerId: record.workerId,
          ticketHash: record.ticketHash,
          createTime: record.createTime,
          ...expiryAttributes(expiresAt),
        },
      }),
    );
  }

  async getDelegation(task: TaskKey): Promise<DelegationRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: delegationItemKey(task), ConsistentRead: true }),
    );
    if (item === undefined || (typeof item.expiresAt === 'number' && item.expiresAt < this.now())) return undefined;
    const read = new ItemReader(item, 'delegation');
    const publicKey = read.optionalString('publicKey');
    return {
      task,
      workerId: read.string('workerId'),
      ticketHash: read.string('ticketHash'),
      createTime: read.number('createTime'),
      ...(publicKey === undefined ? {} : { publicKey }),
    };
  }

  async bindKey(task: TaskKey, workerId: string, publicKey: string): Promise<'bound' | 'same' | 'refused'> {
    const bound = await conditionally(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: delegationItemKey(task),
          UpdateExpression: 'SET publicKey = :key',
          ConditionExpression: 'workerId = :worker AND attribute_not_exists(publicKey)',
          ExpressionAttributeValues: { ':key': publicKey, ':worker': workerId },
        }),
      ),
    );
    if (bound) return 'bound';
    const current = await this.getDelegation(task);
    return current?.workerId === workerId && current.publicKey === publicKey ? 'same' : 'refused';
  }
}
