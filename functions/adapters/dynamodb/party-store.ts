/** PartyStore on the site's DynamoDB table: one item per peer party. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PartyRecord, PartyStore } from '../../domain/ports/party-store.js';
import { ItemReader } from './item-reader.js';
import type { ItemKey } from './keys.js';
import { type Item, queryAll } from './operations.js';

export const PARTY_ITEM_TYPE = 'party';
const PARTIES_PARTITION = 'PARTIES';

/** What recording a contact writes and names: the federation endpoint may write nothing else of the registry. */
export const PARTY_CONTACT_ATTRIBUTES = ['PK', 'SK', 'lastContact'] as const;
/** The one write an accepted delivery makes on its sender's registry entry. */
export const CONTACT_UPDATE = 'SET lastContact = :at';

const partyKey = (partyId: number): ItemKey => ({ PK: PARTIES_PARTITION, SK: `PARTY#${partyId}` });

function fromPartyItem(item: Item): PartyRecord {
  const read = new ItemReader(item, 'party');
  const keys = read.raw('publicKeys');
  return {
    partyId: read.number('partyId'),
    endpoint: read.string('endpoint'),
    publicKeys: Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? keys : [],
    updateTime: read.number('updateTime'),
    ...(item.lastContact === undefined ? {} : { lastContact: read.number('lastContact') }),
  };
}

export class DynamoPartyStore implements PartyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putParty(party: PartyRecord): Promise<void> {
    const item = { ...partyKey(party.partyId), type: PARTY_ITEM_TYPE, ...party, publicKeys: [...party.publicKeys] };
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async getParty(partyId: number): Promise<PartyRecord | undefined> {
    const { Item: item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: partyKey(partyId), ConsistentRead: true }),
    );
    return item === undefined ? undefined : fromPartyItem(item);
  }

  /** All parties live in one small partition: a site has a handful of peers. */
  async listParties(): Promise<PartyRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PARTIES_PARTITION },
      ConsistentRead: true,
    });
    return items.map(fromPartyItem).sort((a, b) => a.partyId - b.partyId);
  }

  /**
   * One SET, last writer wins, not conditioned on the stored time: it is an observation, not a state
   * with transitions, and two verified calls racing write times milliseconds apart, either of which
   * is true. The one condition keeps a party removed meanwhile from coming back as a bare item.
   */
  async recordContact(partyId: number, at: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: partyKey(partyId),
          UpdateExpression: CONTACT_UPDATE,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async removeParty(partyId: number): Promise<boolean> {
    const { Attributes: old } = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: partyKey(partyId), ReturnValues: 'ALL_OLD' }),
    );
    return old !== undefined;
  }
}
