/** Small helpers over the document client shared by the adapters: paging, batching, retries. */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ServerError } from '../../domain/errors.js';
import type { ItemKey } from './keys.js';

/** An item as the document client returns it. */
export type Item = Record<string, unknown>;

/** How many times a compare-and-set write is retried after losing a race before giving up. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every item a query matches, following LastEvaluatedKey. */
export async function queryAll(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Items of a partition whose sort key starts with `prefix`, in sort-key order, read consistently. */
export function queryPrefix(
  doc: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  prefix: string,
  options: { readonly keysOnly?: boolean } = {},
): Promise<Item[]> {
  return queryAll(doc, {
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
    ConsistentRead: true,
    ...(options.keysOnly === true ? { ProjectionExpression: 'PK, SK' } : {}),
  });
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < values.length; start += size) result.push(values.slice(start, start + size));
  return result;
}

const BATCH_RETRIES = 8;

/**
 * Only these attributes of each item (the keys are always read too): `names` are the attribute
 * names, each given as `#name` in the expression.
 */
export interface BatchProjection {
  readonly names: readonly string[];
}

/** Reads items by key (consistently), in the order of `keys`; keys without an item are left out. */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly ItemKey[],
  projection?: BatchProjection,
): Promise<Item[]> {
  const found = new Map<string, Item>();
  const id = (key: { readonly PK?: unknown; readonly SK?: unknown }): string => `${key.PK}\u0000${key.SK}`;
  const only =
    projection === undefined
      ? {}
      : {
          ProjectionExpression: ['PK', 'SK', ...projection.names.map((name) => `#${name}`)].join(', '),
          ExpressionAttributeNames: Object.fromEntries(projection.names.map((name) => [`#${name}`, name])),
        };
  for (const chunk of chunks(keys, 100)) {
    let pending: Record<string, unknown>[] = chunk.map((key) => ({ PK: key.PK, SK: key.SK }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > BATCH_RETRIES) throw new ServerError(`BatchGetItem left ${pending.length} keys unprocessed`);
      if (attempt > 0) await sleep(10 * 2 ** attempt);
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ...only } } }),
      );
      for (const item of result.Responses?.[tableName] ?? []) found.set(id(item), item);
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return keys.flatMap((key) => {
    const item = found.get(id(key));
    return item === undefined ? [] : [item];
  });
}

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** BatchWriteItem, 25 requests a call, retrying what DynamoDB leaves unprocessed. No conditions. */
async function batchWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (const chunk of chunks(requests, 25)) {
    let pending: WriteRequest[] = chunk;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > BATCH_RETRIES) throw new ServerError(`BatchWriteItem left ${pending.length} writes unprocessed`);
      if (attempt > 0) await sleep(10 * 2 ** attempt);
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

/** Deletes items by key (a delete needs no condition). */
export function batchDelete(doc: DynamoDBDocumentClient, tableName: string, keys: readonly ItemKey[]): Promise<void> {
  return batchWrite(
    doc,
    tableName,
    keys.map((key) => ({ DeleteRequest: { Key: { PK: key.PK, SK: key.SK } } })),
  );
}

/**
 * Puts items unconditionally, 25 a call. Only for items that nothing can have changed yet: e.g. a
 * new job's tasks, which no one reads or moves before the job record (written after them, with a
 * condition) exists.
 */
export function batchPut(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[]): Promise<void> {
  return batchWrite(
    doc,
    tableName,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
}

/** Runs `fn` over `values` with at most `limit` calls in flight; results keep the input order. */
export async function mapConcurrently<T, R>(
  values: readonly T[],
  limit: number,
  fn: (value: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(values.length);
  const entries = values.entries();
  const worker = async (): Promise<void> => {
    // The workers share one iterator, so each value is taken exactly once.
    for (const [index, value] of entries) results[index] = await fn(value);
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
  return results;
}

/** Builds an UpdateExpression from SET and REMOVE clauses. */
export function updateExpression(set: readonly string[], remove: readonly string[] = []): string {
  const parts: string[] = [];
  if (set.length > 0) parts.push(`SET ${set.join(', ')}`);
  if (remove.length > 0) parts.push(`REMOVE ${remove.join(', ')}`);
  return parts.join(' ');
}

/**
 * The compare-and-set loop: `attempt` reads, decides and writes conditionally; it returns
 * undefined when its write lost a race (ConditionalCheckFailed), and is then run again on fresh
 * data. Every lost race means another writer's change went in, so the loop ends quickly; the bound
 * only guards against a bug.
 */
export async function retryOnConflict<T>(
  subject: string,
  maxAttempts: number,
  attempt: () => Promise<T | undefined>,
): Promise<T> {
  for (let round = 1; round <= maxAttempts; round += 1) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (round < maxAttempts) await sleep(Math.random() * Math.min(50, 2 ** round));
  }
  throw new ServerError(`${subject}: gave up after ${maxAttempts} conflicting writes`);
}

/** Sends a conditional write; false when its condition did not hold. */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/**
 * Puts an item that expires (it carries `expiresAt`, epoch ms) only where none is, or where the
 * one there has expired (readers no longer see it; TTL may not have swept it yet). Returns whether
 * it was put. Records of what was seen (webhook ids, replies, transferred values) use it.
 */
export function putIfNewOrExpired(
  doc: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  now: number,
): Promise<boolean> {
  return conditionally(() =>
    doc.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    ),
  );
}

/** Collects the parts of an UpdateItem request: SET/REMOVE clauses, names and values. */
export class UpdateBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];

  /** `#attribute = :attribute` for every defined field of `patch`. */
  assign<P extends object>(patch: P, fields: readonly (keyof P & string)[]): this {
    for (const field of fields) {
      const value: unknown = patch[field];
      if (value !== undefined) this.set(field, value);
    }
    return this;
  }

  set(attribute: string, value: unknown): this {
    this.names[`#${attribute}`] = attribute;
    this.values[`:${attribute}`] = value;
    this.sets.push(`#${attribute} = :${attribute}`);
    return this;
  }

  /** A raw SET clause, e.g. `x = list_append(x, :y)`; its names and values are added with `name`/`value`. */
  setExpression(clause: string): this {
    this.sets.push(clause);
    return this;
  }

  remove(attribute: string): this {
    this.names[`#${attribute}`] = attribute;
    this.removes.push(`#${attribute}`);
    return this;
  }

  name(placeholder: string, attribute: string): this {
    this.names[placeholder] = attribute;
    return this;
  }

  value(placeholder: string, value: unknown): this {
    this.values[placeholder] = value;
    return this;
  }

  get isEmpty(): boolean {
    return this.sets.length === 0 && this.removes.length === 0;
  }

  expression(): string {
    return updateExpression(this.sets, this.removes);
  }

  /** The request fields; values are left out when there are none (DynamoDB refuses an empty map). */
  request(): {
    UpdateExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
  } {
    return {
      UpdateExpression: this.expression(),
      ExpressionAttributeNames: { ...this.names },
      ...(Object.keys(this.values).length > 0 ? { ExpressionAttributeValues: { ...this.values } } : {}),
    };
  }
}
