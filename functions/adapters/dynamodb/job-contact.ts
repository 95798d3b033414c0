/** The initiator's last contact with a party's job record: one conditional write, never a read. */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PartyRef } from '../../domain/job/roles.js';
import type { JobKey } from '../../domain/records/job-record.js';
import { jobItemKey } from './keys.js';
import { conditionally } from './operations.js';

/**
 * Sets `initiatorSeenAt` to `at` where the record exists, names `from` as its initiator and holds
 * no time within `resolutionMs` before `at`. Messages closer together than that write nothing (a
 * refused condition costs one write unit, whatever the item's size), and a message that arrives
 * late never moves it back.
 */
export async function recordInitiatorContact(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: JobKey,
  from: PartyRef,
  at: number,
  resolutionMs: number,
): Promise<void> {
  await conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: jobItemKey(key),
        UpdateExpression: 'SET #seen = :at',
        ConditionExpression:
          'attribute_exists(#PK) AND #role = :role AND #party = :party ' +
          'AND (attribute_not_exists(#seen) OR #seen < :staleBefore)',
        ExpressionAttributeNames: {
          '#PK': 'PK',
          '#seen': 'initiatorSeenAt',
          '#role': 'initiatorRole',
          '#party': 'initiatorPartyId',
        },
        ExpressionAttributeValues: {
          ':at': at,
          ':staleBefore': at - resolutionMs,
          ':role': from.role,
          ':party': from.partyId,
        },
      }),
    ),
  );
}
