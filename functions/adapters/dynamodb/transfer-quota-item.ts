/**
 * A job's transfer quota at this site as one item beside its parts:
 *   PK `TRANSFER#<jobId>`, SK `QUOTA` (parts' sort keys start with a lower-case role, so no prefix
 *   of theirs meets it)
 * with `parts` and `bytes` counted up before a part is put (a conditional ADD, so racing senders
 * cannot pass the quota together) and down again when the put finds the part already there. A
 * writer that dies between the two leaves the count a part high: the quota errs on the safe side.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  MAX_TRANSFER_BYTES_PER_JOB,
  MAX_TRANSFER_PARTS_PER_JOB,
  NO_TRANSFER_USAGE,
  type TransferUsage,
} from '../../domain/federation/transfer-quota.js';
import { ItemReader } from './item-reader.js';
import type { ItemKey } from './keys.js';
import { conditionally } from './operations.js';
import { expiryAttributes, TTL_ATTRIBUTE } from './table-definition.js';
import { transferPartition } from './transfer-item.js';

export const transferQuotaKey = (jobId: string): ItemKey => ({ PK: transferPartition(jobId), SK: 'QUOTA' });

export async function readTransferUsage(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
): Promise<TransferUsage> {
  const { Item: item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: transferQuotaKey(jobId), ConsistentRead: true }),
  );
  return transferUsageOf(item);
}

/** What a job's quota item counts; none counted where there is no item. */
export function transferUsageOf(item: Record<string, unknown> | undefined): TransferUsage {
  if (item === undefined) return NO_TRANSFER_USAGE;
  const read = new ItemReader(item, 'transfer quota');
  return { parts: read.number('parts'), bytes: read.number('bytes') };
}

/**
 * Counts one more part of `bytes` if it fits the quota; false (nothing written) if it does not.
 * The quota item lives as long as the newest part counted in it.
 */
export function reserveTransferPart(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
  bytes: number,
  expiresAt: number,
): Promise<boolean> {
  const expiry = expiryAttributes(expiresAt);
  return conditionally(() =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: transferQuotaKey(jobId),
        UpdateExpression:
          'ADD #parts :one, #bytes :bytes SET #type = :type, jobId = :jobId, expiresAt = :expiresAt, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#parts) OR (#parts < :maxParts AND #bytes <= :room)',
        ExpressionAttributeNames: { '#parts': 'parts', '#bytes': 'bytes', '#type': 'type', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':bytes': bytes,
          ':type': 'transferQuota',
          ':jobId': jobId,
          ':expiresAt': expiry.expiresAt,
          ':ttl': expiry.ttl,
          ':maxParts': MAX_TRANSFER_PARTS_PER_JOB,
          ':room': MAX_TRANSFER_BYTES_PER_JOB - bytes,
        },
      }),
    ),
  );
}

/** Takes back a reservation whose part turned out to be stored already. */
export async function releaseTransferPart(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
  bytes: number,
): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: transferQuotaKey(jobId),
      UpdateExpression: 'ADD #parts :minusOne, #bytes :minusBytes',
      ConditionExpression: 'attribute_exists(#parts)',
      ExpressionAttributeNames: { '#parts': 'parts', '#bytes': 'bytes' },
      ExpressionAttributeValues: { ':minusOne': -1, ':minusBytes': -bytes },
    }),
  );
}
