/**
 * DeliveryStore on the site's DynamoDB table. A webhook id is recorded with one conditional put
 * that succeeds only if it is new or its record has expired; expiry is an attribute compared with
 * the clock, so nothing relies on TTL (which may still sweep the items in AWS).
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ServerError } from '../../domain/errors.js';
import type { DeliveryStore } from '../../domain/ports/delivery-store.js';
import type { PeerReply } from '../../domain/ports/peer-client.js';
import { segment } from './keys.js';
import { putIfNewOrExpired } from './operations.js';
import type { DynamoStoreOptions } from './store-options.js';
import { expiryAttributes } from './table-definition.js';

const webhookKey = (id: string) => ({ PK: `WEBHOOK#${segment(id)}`, SK: 'WEBHOOK' });
const replyKey = (id: string) => ({ PK: `MESSAGE#${segment(id)}`, SK: 'REPLY' });

export class DynamoDeliveryStore implements DeliveryStore {
  private readonly now: () => number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async rememberWebhook(webhookId: string, expiresAt: number): Promise<'new' | 'seen'> {
    const stored = await putIfNewOrExpired(
      this.doc,
      this.tableName,
      { ...webhookKey(webhookId), type: 'webhook', ...expiryAttributes(expiresAt) },
      this.now(),
    );
    return stored ? 'new' : 'seen';
  }

  async answeredReply(messageId: string): Promise<PeerReply | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: replyKey(messageId), ConsistentRead: true }),
    );
    if (item === undefined || (typeof item.expiresAt === 'number' && item.expiresAt < this.now())) return undefined;
    return toReply(item.reply);
  }

  async storeReply(messageId: string, reply: PeerReply, expiresAt: number): Promise<PeerReply> {
    const stored = await putIfNewOrExpired(
      this.doc,
      this.tableName,
      {
        ...replyKey(messageId),
        type: 'reply',
        reply: JSON.parse(JSON.stringify(reply)),
        ...expiryAttributes(expiresAt),
      },
      this.now(),
    );
    if (stored) return reply;
    // Another delivery of the same message answered first: its answer is the one.
    const first = await this.answeredReply(messageId);
    if (first === undefined) throw new ServerError(`reply to message ${messageId} vanished while being stored`);
    return first;
  }
}

function toReply(value: unknown): PeerReply {
  const reply = value as Partial<PeerReply> | undefined;
  if (reply === undefined || typeof reply.retcode !== 'number' || typeof reply.retmsg !== 'string') {
    throw new ServerError('stored reply is not a reply');
  }
  return { retcode: reply.retcode, retmsg: reply.retmsg, ...(reply.data === undefined ? {} : { data: reply.data }) };
}
