import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type GlobalSecondaryIndexProps, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import type { IndexDefinition, KeyAttribute } from '../../functions/adapters/dynamodb/table-definition.js';

/** The attribute TTL sweeps: the store writes it (epoch seconds) beside its own `expiresAt` (ms). */
export { TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-definition.js';

/** On-demand: idle costs nothing, and a site's load is bursts around jobs. */
export const TABLE_BILLING = BillingMode.PAY_PER_REQUEST;

/** The table holds every job, task and grant of the site: kept when the stack goes, and protected from deletion. */
export const TABLE_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/** PITR costs by table size (≈ $0.20/GB-month), near nothing for a scheduler's records. */
export const TABLE_PITR = true;

export function attributeOf(key: KeyAttribute): { name: string; type: AttributeType } {
  return { name: key.name, type: AttributeType.STRING };
}

/** TABLE_DEFINITION's index, as the CDK wants it. */
export function indexProps(index: IndexDefinition): GlobalSecondaryIndexProps {
  const keys = {
    indexName: index.indexName,
    partitionKey: attributeOf(index.partitionKey),
    sortKey: attributeOf(index.sortKey),
  };
  return index.projection.type === 'ALL'
    ? { ...keys, projectionType: ProjectionType.ALL }
    : { ...keys, projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.nonKeyAttributes] };
}
