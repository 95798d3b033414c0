import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoJobStore } from '../../functions/adapters/dynamodb/job-store.js';
import { DynamoPermissionStore } from '../../functions/adapters/dynamodb/permission-store.js';
import { DynamoResourceStore } from '../../functions/adapters/dynamodb/resource-store.js';
import { DynamoTableStore } from '../../functions/adapters/dynamodb/table-store.js';
import { DynamoTrackingStore } from '../../functions/adapters/dynamodb/tracking-store.js';
import { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { LocalObjectStore } from '../../functions/adapters/objects/local-object-store.js';
import { createApiHandler } from '../../functions/api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/api/limits.js';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import { userApiRoutes } from '../../functions/api/routes/index.js';
import { createJobIdGenerator } from '../../functions/domain/ids.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import type { FederationReceiver, PeerClient } from '../../functions/domain/ports/peer-client.js';
import { createFederationReceiver } from '../../functions/services/federation/federation-receiver.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import { type ApiServer, startApiServer } from '../http/api-gateway-server.js';
import { type LocalDynamo, startLocalDynamo } from '../store/local-dynamo.js';

export interface LocalSiteOptions {
  readonly partyId: number;
  /** This site's folder: the object store, and dynalite's files when the store is persistent. */
  readonly dataDir: string;
  /** Keep the DynamoDB store on disk so that a restart loses nothing. @default true */
  readonly persistent?: boolean;
  readonly apiPort?: number;
  readonly cores: number;
  readonly memory: number;
  readonly permissionCheck: boolean;
  readonly auth: AuthOptions;
  readonly catalog: ComponentCatalog;
  readonly peers: PeerClient;
  readonly clock?: () => number;
}

export interface LocalSite {
  readonly partyId: number;
  readonly apiUrl: string;
  readonly services: SiteServices;
  readonly receiver: FederationReceiver;
  /** The site's DynamoDB table, for tools and tests that look at what is stored. */
  readonly table: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  stop(): Promise<void>;
}

/**
 * One party's site on this machine: the same services and handlers as in AWS, over local
 * adapters — dynalite (on disk under dataDir), a folder object store, an in-process event bus —
 * with the user API served by the API Gateway stand-in on 127.0.0.1.
 */
export async function startLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const dynamo: LocalDynamo = await startLocalDynamo(
    options.persistent === false ? {} : { path: join(options.dataDir, 'dynamodb') },
  );
  const clock = options.clock ?? Date.now;
  const { client, tableName } = dynamo;
  const poolName = 'default';
  const resources = new DynamoResourceStore(client, tableName);
  await resources.ensurePool({ name: poolName, cores: options.cores, memory: options.memory, nodes: 1 });
  const events = new InProcessEventBus({
    onError: (error, event) => console.error(`party ${options.partyId}: ${event.type} handler failed`, error),
  });
  const services: SiteServices = {
    site: {
      partyId: options.partyId,
      pool: { name: poolName, cores: options.cores, memory: options.memory, nodes: 1, maxCoresPercentPerJob: 1 },
      catalog: options.catalog,
      permissionCheck: options.permissionCheck,
      objectEngine: 'LOCALFS',
      boardUrl: `local://party-${options.partyId}/dashboard`,
    },
    jobs: new DynamoJobStore(client, tableName, { now: clock }),
    resources,
    tables: new DynamoTableStore(client, tableName),
    tracking: new DynamoTrackingStore(client, tableName),
    permissions: new DynamoPermissionStore(client, tableName),
    objects: new LocalObjectStore(join(options.dataDir, 'objects')),
    events,
    peers: options.peers,
    clock,
    newJobId: createJobIdGenerator(),
  };
  const handler = createApiHandler({
    routes: userApiRoutes,
    services: () => services,
    auth: options.auth,
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  });
  let server: ApiServer;
  try {
    server = await startApiServer({
      handler,
      port: options.apiPort ?? 0,
      functionName: `fate-flow-api-${options.partyId}`,
    });
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return {
    partyId: options.partyId,
    apiUrl: server.url,
    services,
    receiver: createFederationReceiver(services),
    table: { client, tableName },
    async stop() {
      await server.close();
      await dynamo.stop();
    },
  };
}
