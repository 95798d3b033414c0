import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDelegationStore } from './delegation-store.js';
import { DynamoDeliveryStore } from './delivery-store.js';
import { DynamoJobStore } from './job-store.js';
import { DynamoModelStore } from './model-store.js';
import { DynamoNonceStore } from './nonce-store.js';
import { DynamoPartyStore } from './party-store.js';
import { DynamoPermissionStore } from './permission-store.js';
import { DynamoResourceStore } from './resource-store.js';
import { DynamoTableStore } from './table-store.js';
import { DynamoTrackingStore } from './tracking-store.js';
import { DynamoTransferAdmissionReads } from './transfer-admission-reads.js';
import { DynamoTransferStore } from './transfer-store.js';

/** Every store a site keeps in its one DynamoDB table. */
export interface SiteStores {
  readonly jobs: DynamoJobStore;
  readonly resources: DynamoResourceStore;
  readonly tables: DynamoTableStore;
  readonly tracking: DynamoTrackingStore;
  readonly models: DynamoModelStore;
  readonly transfers: DynamoTransferStore;
  readonly transferAdmission: DynamoTransferAdmissionReads;
  readonly permissions: DynamoPermissionStore;
  /** The registry as stored; the composition roots put a key cache in front of it. */
  readonly parties: DynamoPartyStore;
  readonly deliveries: DynamoDeliveryStore;
  readonly delegations: DynamoDelegationStore;
  readonly nonces: DynamoNonceStore;
}

/**
 * The one construction of a site's stores, shared by the AWS composition (functions/lambda) and the
 * local one (local/site): both sites then read and write the table through the same adapters with the
 * same clock. Building them makes no call.
 */
export function createSiteStores(doc: DynamoDBDocumentClient, tableName: string, clock: () => number): SiteStores {
  const now = { now: clock };
  return {
    jobs: new DynamoJobStore(doc, tableName, now),
    resources: new DynamoResourceStore(doc, tableName),
    tables: new DynamoTableStore(doc, tableName),
    tracking: new DynamoTrackingStore(doc, tableName),
    models: new DynamoModelStore(doc, tableName),
    transfers: new DynamoTransferStore(doc, tableName, now),
    transferAdmission: new DynamoTransferAdmissionReads(doc, tableName),
    permissions: new DynamoPermissionStore(doc, tableName),
    parties: new DynamoPartyStore(doc, tableName),
    deliveries: new DynamoDeliveryStore(doc, tableName, now),
    delegations: new DynamoDelegationStore(doc, tableName, now),
    nonces: new DynamoNonceStore(doc, tableName, now),
  };
}
