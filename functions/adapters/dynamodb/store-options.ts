/** Options shared by the DynamoDB adapters. */
export interface DynamoStoreOptions {
  /** The clock for `updateTime` and status history entries (epoch ms). Default: Date.now. */
  readonly now?: () => number;
  /** How many times a compare-and-set write is tried before giving up. Default 10. */
  readonly maxAttempts?: number;
}
