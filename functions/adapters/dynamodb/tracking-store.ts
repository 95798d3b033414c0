/**
 * TrackingStore on the site's DynamoDB table: metrics and outputs live in their job's partition,
 * under sort keys that start with the component and party, so one query lists them.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  ComponentRef,
  MetricRecord,
  OutputKind,
  OutputRecord,
  SummaryRecord,
  TrackingStore,
} from '../../domain/ports/tracking-store.js';
import { jobPartition, metricItemKey, metricPrefix, outputPrefix, summaryItemKey } from './keys.js';
import { batchDelete, type Item, queryPrefix } from './operations.js';
import {
  fromMetricItem,
  fromOutputItem,
  fromSummaryItem,
  toMetricItem,
  toOutputItem,
  toSummaryItem,
} from './tracking-item.js';

/** The exact reference of a record, since key prefixes are compared on escaped text. */
const sameRef = (a: ComponentRef, b: ComponentRef): boolean =>
  a.jobId === b.jobId && a.component === b.component && a.role === b.role && a.partyId === b.partyId;

export class DynamoTrackingStore implements TrackingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Replaces the series stored under the same namespace and name (a retried put stays one series). */
  async putMetric(metric: MetricRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toMetricItem(metric) }));
  }

  /** In namespace, name order. */
  async listMetrics(ref: ComponentRef): Promise<MetricRecord[]> {
    return (await this.query(ref, metricPrefix(ref))).map(fromMetricItem).filter((metric) => sameRef(metric, ref));
  }

  async getMetric(ref: ComponentRef, namespace: string, name: string): Promise<MetricRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: metricItemKey(ref, namespace, name), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromMetricItem(item);
  }

  /** Replaces the output of the same kind and name. */
  async putOutput(output: OutputRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toOutputItem(output) }));
  }

  /** In kind order (checkpoints, data, models), then by name. */
  async listOutputs(ref: ComponentRef, kind?: OutputKind): Promise<OutputRecord[]> {
    return (await this.query(ref, outputPrefix(ref, kind)))
      .map(fromOutputItem)
      .filter((output) => sameRef(output, ref));
  }

  async putSummary(summary: SummaryRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toSummaryItem(summary) }));
  }

  async getSummary(ref: ComponentRef): Promise<SummaryRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: summaryItemKey(ref), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromSummaryItem(item);
  }

  async clean(ref: ComponentRef): Promise<number> {
    const summary = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: summaryItemKey(ref), ProjectionExpression: 'PK, SK' }),
    );
    const keys = [
      ...(await this.query(ref, metricPrefix(ref), true)),
      ...(await this.query(ref, outputPrefix(ref), true)),
      ...(summary.Item === undefined ? [] : [summary.Item]),
    ].flatMap((item) =>
      typeof item.PK === 'string' && typeof item.SK === 'string' ? [{ PK: item.PK, SK: item.SK }] : [],
    );
    await batchDelete(this.doc, this.tableName, keys);
    return keys.length;
  }

  private query(ref: ComponentRef, prefix: string, keysOnly = false): Promise<Item[]> {
    return queryPrefix(this.doc, this.tableName, jobPartition(ref.jobId), prefix, { keysOnly });
  }
}
