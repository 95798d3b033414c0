import { Stack } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../functions/adapters/dynamodb/table-definition.js';
import { acknowledgeWildcardResource } from './acknowledge.js';
import {
  attributeOf,
  indexProps,
  TABLE_BILLING,
  TABLE_PITR,
  TABLE_REMOVAL_POLICY,
  TTL_ATTRIBUTE,
} from './store-defaults.js';

/**
 * The site's one DynamoDB table, built from the same TABLE_DEFINITION the local runtime creates
 * its dynalite table from, so keys and indexes cannot drift between the two.
 */
export class Store extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: attributeOf(TABLE_DEFINITION.partitionKey),
      sortKey: attributeOf(TABLE_DEFINITION.sortKey),
      billingMode: TABLE_BILLING,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: TABLE_PITR },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: TABLE_REMOVAL_POLICY,
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) this.table.addGlobalSecondaryIndex(indexProps(index));
    acknowledgeWildcardResource(
      Stack.of(this),
      `${this.table.tableArn}/index/*`,
      'Queries of the queue and jobsByTime indexes: DynamoDB authorizes them on the index ARNs under the table ARN, and this covers only this table.',
    );
  }
}
