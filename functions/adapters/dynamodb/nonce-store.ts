/**
 * NonceStore on the site's DynamoDB table: one conditional put per accepted signature, which
 * succeeds only if the (app key, NONCE) pair is new or its record has expired (the same write as
 * the federation's webhook ids, see delivery-store.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NonceStore } from '../../domain/ports/nonce-store.js';
import { segment } from './keys.js';
import { putIfNewOrExpired } from './operations.js';
import type { DynamoStoreOptions } from './store-options.js';
import { expiryAttributes } from './table-definition.js';

const nonceKey = (appKey: string, nonce: string) => ({ PK: `NONCE#${segment(appKey)}#${segment(nonce)}`, SK: 'NONCE' });

export class DynamoNonceStore implements NonceStore {
  private readonly now: () => number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: Pick<DynamoStoreOptions, 'now'> = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async rememberNonce(appKey: string, nonce: string, expiresAt: number): Promise<'new' | 'seen'> {
    const stored = await putIfNewOrExpired(
      this.doc,
      this.tableName,
      { ...nonceKey(appKey, nonce), type: 'nonce', ...expiryAttributes(expiresAt) },
      this.now(),
    );
    return stored ? 'new' : 'seen';
  }
}
