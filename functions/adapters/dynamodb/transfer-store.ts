/**
 * TransferStore on the site's DynamoDB table (items in transfer-item.ts). A part is written once
 * with a conditional put; a redelivery finds it there and compares SHA-256 and count, so an
 * identical one is accepted and a different one refused, without rewriting the bytes.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { OperatingError, ServerError } from '../../domain/errors.js';
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
    const stored = await putIfNewOrExpired(
      this.doc,
      this.tableName,
      toTransferItem(part, expiresAt, this.now()),
      this.now(),
    );
    if (stored) return 'stored';
    const { Item: existing } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: transferItemKey(part, part.index),
        ConsistentRead: true,
        ProjectionExpression: '#count, sha256',
        ExpressionAttributeNames: { '#count': 'count' },
      }),
    );
    if (existing === undefined) throw new ServerError(`${describe(part)}: part ${part.index} vanished while stored`);
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
