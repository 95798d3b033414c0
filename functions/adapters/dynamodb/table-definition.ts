/**
 * The one DynamoDB table of a site, as plain data: the local runtime creates it with
 * `createTable` (create-table.ts), the CDK stack builds the same table from `TABLE_DEFINITION`.
 * Keys and access patterns are listed in this folder's README. No SDK code here: the item codecs
 * that read these names are loaded by unit tests' in-memory stores too.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** The waiting-job queue: sparse, only initiator job records in `waiting` carry its keys. */
export const QUEUE_INDEX = 'queue';
/** Every job record of the site by create time (`flow job list`, queries without a job id). */
export const JOBS_BY_TIME_INDEX = 'jobsByTime';

export const QUEUE_PK = 'queuePK';
export const QUEUE_SK = 'queueSK';
export const JOBS_PK = 'jobsPK';
export const JOBS_SK = 'jobsSK';

/** What the jobs-by-time index holds besides the keys: enough to filter a listing, not the documents. */
export const JOBS_BY_TIME_ATTRIBUTES = ['jobId', 'role', 'partyId', 'status', 'description', 'createTime'] as const;

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly projection:
    | { readonly type: 'ALL' }
    | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };
}

export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
}

export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: QUEUE_INDEX,
      partitionKey: { name: QUEUE_PK, type: 'S' },
      sortKey: { name: QUEUE_SK, type: 'S' },
      projection: { type: 'ALL' },
    },
    {
      indexName: JOBS_BY_TIME_INDEX,
      partitionKey: { name: JOBS_PK, type: 'S' },
      sortKey: { name: JOBS_SK, type: 'S' },
      projection: { type: 'INCLUDE', nonKeyAttributes: JOBS_BY_TIME_ATTRIBUTES },
    },
  ],
};

/** `TABLE_DEFINITION` as the SDK's CreateTable request. */
export function createTableInput(
  tableName: string,
  definition: TableDefinition = TABLE_DEFINITION,
): CreateTableCommandInput {
  const keyAttributes = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const unique = [...new Map(keyAttributes.map((attribute) => [attribute.name, attribute])).values()];
  return {
    TableName: tableName,
    BillingMode: definition.billingMode,
    AttributeDefinitions: unique.map((attribute) => ({ AttributeName: attribute.name, AttributeType: attribute.type })),
    KeySchema: [
      { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: definition.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection:
        index.projection.type === 'ALL'
          ? { ProjectionType: 'ALL' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] },
    })),
  };
}

/**
 * DynamoDB TTL deletes an item once the epoch-*seconds* value of this attribute has passed. The
 * store's own expiry (`expiresAt`) is epoch *milliseconds* and is checked by the readers, so
 * correctness never depends on TTL (dynalite has none); TTL only sweeps what carries this
 * attribute in AWS. The site stack enables TTL on it.
 */
export const TTL_ATTRIBUTE = 'ttl';

/** The expiry attributes of an item that expires at `expiresAt` (epoch ms): the readers' and TTL's. */
export function expiryAttributes(expiresAt: number): { readonly expiresAt: number; readonly ttl: number } {
  return { expiresAt, ttl: Math.ceil(expiresAt / 1000) };
}
