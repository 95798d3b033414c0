/**
 * TableStore on the site's DynamoDB table: the table item (`TABLE#<ns>#<name>`) plus a reference
 * item in its job's partition (`TABLEREF#<ns>#<name>`) so a job's tables are listed without an
 * index. The reference is written before the table and removed after it; a reference left behind
 * (a crash, or a table replaced by another job's) is ignored when listing. A bound table, which no
 * job made (jobId ''), has no reference.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TableRecord, TableStore } from '../../domain/ports/table-store.js';
import { jobPartition, TABLE_REF_SK_PREFIX, tableItemKey, tableRefItemKey } from './keys.js';
import { batchGet, conditionally, queryPrefix } from './operations.js';
import { fromTableItem, fromTableRefItem, toTableItem, toTableRefItem } from './table-item.js';

export class DynamoTableStore implements TableStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putTable(table: TableRecord, options: { readonly replace?: boolean } = {}): Promise<'stored' | 'exists'> {
    const replace = options.replace === true;
    if (!replace && (await this.getTable(table.namespace, table.name)) !== undefined) return 'exists';
    if (table.jobId !== '') {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toTableRefItem(table) }));
    }
    if (!replace) {
      const stored = await conditionally(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toTableItem(table),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        ),
      );
      // The reference written above belongs to a table that is not ours: take it back.
      if (!stored) await this.deleteRef(table);
      return stored ? 'stored' : 'exists';
    }
    const { Attributes: old } = await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: toTableItem(table), ReturnValues: 'ALL_OLD' }),
    );
    const previous = old === undefined ? undefined : fromTableItem(old);
    if (previous !== undefined && previous.jobId !== table.jobId) await this.deleteRef(previous);
    return 'stored';
  }

  async getTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: tableItemKey(namespace, name), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromTableItem(item);
  }

  async deleteTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    const { Attributes: old } = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: tableItemKey(namespace, name), ReturnValues: 'ALL_OLD' }),
    );
    if (old === undefined) return undefined;
    const table = fromTableItem(old);
    await this.deleteRef(table);
    return table;
  }

  /** In namespace, name order. */
  async listTablesOfJob(jobId: string): Promise<TableRecord[]> {
    const refs = (await queryPrefix(this.doc, this.tableName, jobPartition(jobId), TABLE_REF_SK_PREFIX)).map(
      fromTableRefItem,
    );
    const items = await batchGet(
      this.doc,
      this.tableName,
      refs.map((ref) => tableItemKey(ref.namespace, ref.name)),
    );
    return items.map(fromTableItem).filter((table) => table.jobId === jobId);
  }

  async setTableEnabled(namespace: string, name: string, enable: boolean): Promise<TableRecord | undefined> {
    let updated: Record<string, unknown> | undefined;
    const written = await conditionally(async () => {
      ({ Attributes: updated } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tableItemKey(namespace, name),
          UpdateExpression: 'SET #enable = :enable',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#enable': 'enable' },
          ExpressionAttributeValues: { ':enable': enable },
          ReturnValues: 'ALL_NEW',
        }),
      ));
    });
    return written && updated !== undefined ? fromTableItem(updated) : undefined;
  }

  private async deleteRef(table: Pick<TableRecord, 'jobId' | 'namespace' | 'name'>): Promise<void> {
    if (table.jobId === '') return;
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: tableRefItemKey(table.jobId, table.namespace, table.name) }),
    );
  }
}
