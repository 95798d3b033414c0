/** PermissionStore on the site's DynamoDB table: one item per grant in the party's partition. */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ServerError } from '../../domain/errors.js';
import type { Grant, PermissionStore } from '../../domain/ports/permission-store.js';
import { ItemReader } from './item-reader.js';
import { componentGrantSortKey, datasetGrantSortKey, grantPartition, type ItemKey } from './keys.js';
import { type Item, mapConcurrently, queryAll } from './operations.js';

export const GRANT_ITEM_TYPE = 'grant';

const CONCURRENCY = 16;

function grantItemKey(grant: Grant): ItemKey {
  return {
    PK: grantPartition(grant.partyId),
    SK:
      grant.type === 'component'
        ? componentGrantSortKey(grant.component)
        : datasetGrantSortKey(grant.namespace, grant.name),
  };
}

function toGrantItem(grant: Grant): Item {
  const common = { ...grantItemKey(grant), type: GRANT_ITEM_TYPE, partyId: grant.partyId };
  return grant.type === 'component'
    ? { ...common, grantType: 'component', component: grant.component }
    : { ...common, grantType: 'dataset', namespace: grant.namespace, name: grant.name };
}

function fromGrantItem(item: Item): Grant {
  const read = new ItemReader(item, 'grant');
  const partyId = read.number('partyId');
  const type = read.string('grantType');
  if (type === 'component') return { partyId, type, component: read.string('component') };
  if (type === 'dataset') return { partyId, type, namespace: read.string('namespace'), name: read.string('name') };
  throw new ServerError(`stored grant has an unknown type ${type}`, { details: { PK: item.PK, SK: item.SK } });
}

export class DynamoPermissionStore implements PermissionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Idempotent: granting what is already granted changes nothing. */
  async grant(grants: readonly Grant[]): Promise<void> {
    await mapConcurrently(grants, CONCURRENCY, (grant) =>
      this.doc.send(new PutCommand({ TableName: this.tableName, Item: toGrantItem(grant) })),
    );
  }

  /** Returns how many distinct grants were there (and are now gone). */
  async revoke(grants: readonly Grant[]): Promise<number> {
    const keys = [
      ...new Map(grants.map((grant) => grantItemKey(grant)).map((key) => [`${key.PK}\u0000${key.SK}`, key])).values(),
    ];
    const removed = await mapConcurrently(keys, CONCURRENCY, async (key) => {
      const { Attributes: old } = await this.doc.send(
        new DeleteCommand({ TableName: this.tableName, Key: key, ReturnValues: 'ALL_OLD' }),
      );
      return old !== undefined;
    });
    return removed.filter(Boolean).length;
  }

  /** Components first (by name), then datasets (by namespace, name). */
  async listGrants(partyId: number): Promise<Grant[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': grantPartition(partyId) },
      ConsistentRead: true,
    });
    return items.map(fromGrantItem);
  }
}
