/**
 * TransferStore on the site's DynamoDB table (items in transfer-item.ts, the per-job quota in
 * transfer-quota-item.ts). A part is counted in its job's quota, then written once with a
 * conditional put; a redelivery finds it there (its count is taken back) and compares SHA-256
 * and count, so an identical one is accepted and a different one refused, without rewriting the
 * bytes.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { OperatingError, ServerError } from '../../domain/errors.js';
import { type TransferUsage, transferQuotaRefusal } from '../../domain/federation/transfer-quota.js';
import type { TransferKey, TransferPart, TransferStore } from '../../domain/ports/transfer-store.js';
import { putIfNewOrExpired, queryPrefix } from './operations.js';
import type { DynamoStoreOptions } from './store-options.js';
import {
  fromTransferItem,
  sha256Hex,
  toTransferItem,
  transferItemKey,
  transferPartition,
  transferPrefix,
} from './transfer-item.js';
import { readTransferUsage, releaseTransferPart, reserveTransferPart } from './transfer-quota-item.js';

const describe = (key: TransferKey): string =>
  `transfer "${key.tag}" of job ${key.jobId} from ${key.src.role} ${key.src.partyId} to ${key.dest.role} ${key.dest.partyId}`;

export class DynamoTransferStore implements TransferStore {
  private readonly now: () => number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async putPart(part: TransferPart, expiresAt: number): Promise<'stored' | 'same'> {
    const size = part.bytes.byteLength;
    if (!(await reserveTransferPart(this.doc, this.tableName, part.jobId, size, expiresAt))) {
      // Over the quota: a redelivery of a part already stored takes no more room, anything else is refused.
      if ((await this.storedAs(part)) === 'same') return 'same';
      throw new OperatingError(transferQuotaRefusal(part.jobId, await this.usage(part.jobId), size), {
        details: { jobId: part.jobId },
      });
    }
    const stored = await putIfNewOrExpired(
      this.doc,
      this.tableName,
      toTransferItem(part, expiresAt, this.now()),
      this.now(),
    );
    if (stored) return 'stored';
    await releaseTransferPart(this.doc, this.tableName, part.jobId, size);
    if ((await this.storedAs(part)) === 'same') return 'same';
    throw new ServerError(`${describe(part)}: part ${part.index} vanished while stored`);
  }

  usage(jobId: string): Promise<TransferUsage> {
    return readTransferUsage(this.doc, this.tableName, jobId);
  }

  /** 'same' for the identical part stored, 'none' for none; a different one stored is refused. */
  private async storedAs(part: TransferPart): Promise<'same' | 'none'> {
    const { Item: existing } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: transferItemKey(part, part.index),
        ConsistentRead: true,
        ProjectionExpression: '#count, sha256',
        ExpressionAttributeNames: { '#count': 'count' },
      }),
    );
    if (existing === undefined) return 'none';
    if (existing.count === part.count && existing.sha256 === sha256Hex(part.bytes)) return 'same';
    throw new OperatingError(
      `${describe(part)}: part ${part.index} of ${part.count} is already stored with a different value; ` +
        'a value once sent cannot change (a retry sends under its new task version)',
    );
  }

  async listParts(key: TransferKey): Promise<TransferPart[]> {
    const items = await queryPrefix(this.doc, this.tableName, transferPartition(key.jobId), transferPrefix(key));
    const now = this.now();
    return items
      .filter((item) => typeof item.expiresAt !== 'number' || item.expiresAt >= now)
      .map(fromTransferItem)
      .sort((a, b) => a.index - b.index);
  }
}
