/**
 * ModelStore on the site's table: a model version's pipelined models in the partition of the
 * version (one item per party, put only where none is), a service binding in its own partition.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../domain/job/roles.js';
import type { PipelinedModel, ServiceBinding } from '../../domain/model/pipelined-model.js';
import type { ModelStore } from '../../domain/ports/model-store.js';
import { jobPartition, MODEL_SK_PREFIX, modelItemKey, serviceBindingItemKey } from './keys.js';
import { fromBindingItem, fromModelItem, toBindingItem, toModelItem } from './model-item.js';
import { isConditionalCheckFailed, queryPrefix } from './operations.js';

export class DynamoModelStore implements ModelStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putModel(model: PipelinedModel): Promise<'created' | 'exists'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toModelItem(model),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'exists';
      throw error;
    }
  }

  async getModel(modelVersion: string, role: Role, partyId: number): Promise<PipelinedModel | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: modelItemKey(modelVersion, role, partyId),
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : fromModelItem(item);
  }

  async listModels(modelVersion: string): Promise<PipelinedModel[]> {
    const items = await queryPrefix(this.doc, this.tableName, jobPartition(modelVersion), MODEL_SK_PREFIX);
    return items.map(fromModelItem).filter((model) => model.modelVersion === modelVersion);
  }

  async putBinding(binding: ServiceBinding): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: toBindingItem(binding) }));
  }

  async getBinding(serviceId: string): Promise<ServiceBinding | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: serviceBindingItemKey(serviceId), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromBindingItem(item);
  }
}
