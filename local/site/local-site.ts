import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDeliveryStore } from '../../functions/adapters/dynamodb/delivery-store.js';
import { DynamoJobStore } from '../../functions/adapters/dynamodb/job-store.js';
import { DynamoPartyStore } from '../../functions/adapters/dynamodb/party-store.js';
import { DynamoPermissionStore } from '../../functions/adapters/dynamodb/permission-store.js';
import { DynamoResourceStore } from '../../functions/adapters/dynamodb/resource-store.js';
import { DynamoTableStore } from '../../functions/adapters/dynamodb/table-store.js';
import { DynamoTrackingStore } from '../../functions/adapters/dynamodb/tracking-store.js';
import { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { LocalObjectStore } from '../../functions/adapters/objects/local-object-store.js';
import { SignedPeerClient } from '../../functions/adapters/peers/signed-peer-client.js';
import { createApiHandler } from '../../functions/api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/api/limits.js';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import { userApiRoutes } from '../../functions/api/routes/index.js';
import { createJobIdGenerator } from '../../functions/domain/ids.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import { createFederationHandler } from '../../functions/federation/create-federation-handler.js';
import { MAX_FEDERATION_BODY_BYTES } from '../../functions/federation/inbound/receive-delivery.js';
import { createFederationReceiver } from '../../functions/services/federation/federation-receiver.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import { type ApiServer, startApiServer } from '../http/api-gateway-server.js';
import { type LocalDynamo, startLocalDynamo } from '../store/local-dynamo.js';
import { FileSigningKeyStore } from './file-signing-key-store.js';

export interface LocalSiteOptions {
  readonly partyId: number;
  /** This site's folder: the object store, its signing keys, and dynalite's files when persistent. */
  readonly dataDir: string;
  /** Keep the DynamoDB store on disk so that a restart loses nothing. @default true */
  readonly persistent?: boolean;
  readonly apiPort?: number;
  /** The federation endpoint's port (HTTPS). @default 0, a free one */
  readonly federationPort?: number;
  /** The federation endpoint's TLS key and certificate, and the CA that peers' certificates chain to. */
  readonly tls: { readonly key: string; readonly cert: string; readonly ca: string };
  readonly cores: number;
  readonly memory: number;
  readonly permissionCheck: boolean;
  readonly auth: AuthOptions;
  readonly catalog: ComponentCatalog;
  readonly clock?: () => number;
}

export interface LocalSite {
  readonly partyId: number;
  readonly apiUrl: string;
  /** https://127.0.0.1:PORT — where peers send signed messages. */
  readonly federationUrl: string;
  readonly services: SiteServices;
  /** The site's DynamoDB table, for tools and tests that look at what is stored. */
  readonly table: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  stop(): Promise<void>;
}

/**
 * One party's site on this machine: the same services and handlers as in AWS, over local
 * adapters — dynalite (on disk under dataDir), a folder object store, an in-process event bus, a
 * key file — with the user API on plain HTTP and the federation endpoint on HTTPS, both on
 * 127.0.0.1 behind the API Gateway stand-in.
 */
export async function startLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const dynamo: LocalDynamo = await startLocalDynamo(
    options.persistent === false ? {} : { path: join(options.dataDir, 'dynamodb') },
  );
  const servers: ApiServer[] = [];
  try {
    const clock = options.clock ?? Date.now;
    const { client, tableName } = dynamo;
    const poolName = 'default';
    const resources = new DynamoResourceStore(client, tableName);
    await resources.ensurePool({ name: poolName, cores: options.cores, memory: options.memory, nodes: 1 });
    const parties = new DynamoPartyStore(client, tableName);
    const signingKeys = new FileSigningKeyStore(join(options.dataDir, 'signing-keys.json'));
    const peers = new SignedPeerClient({
      parties,
      signingKeys: () => signingKeys.secretKeys(),
      ca: options.tls.ca,
      clock,
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
      events: new InProcessEventBus({
        onError: (error, event) => console.error(`party ${options.partyId}: ${event.type} handler failed`, error),
      }),
      peers,
      parties,
      signingKeys,
      clock,
      newJobId: createJobIdGenerator(),
    };
    const inbound = {
      partyId: options.partyId,
      parties,
      deliveries: new DynamoDeliveryStore(client, tableName, { now: clock }),
      jobs: services.jobs,
      receiver: createFederationReceiver(services),
      clock,
      maxBodyBytes: MAX_FEDERATION_BODY_BYTES,
    };
    const api = await startApiServer({
      handler: createApiHandler({
        routes: userApiRoutes,
        services: () => services,
        auth: options.auth,
        maxBodyBytes: MAX_REQUEST_BODY_BYTES,
      }),
      port: options.apiPort ?? 0,
      functionName: `fate-flow-api-${options.partyId}`,
    });
    servers.push(api);
    const federation = await startApiServer({
      handler: createFederationHandler(() => inbound),
      port: options.federationPort ?? 0,
      tls: { key: options.tls.key, cert: options.tls.cert },
      functionName: `fate-flow-federation-${options.partyId}`,
    });
    servers.push(federation);
    return {
      partyId: options.partyId,
      apiUrl: api.url,
      federationUrl: federation.url,
      services,
      table: { client, tableName },
      async stop() {
        peers.close();
        await Promise.all(servers.map((server) => server.close()));
        await dynamo.stop();
      },
    };
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    await dynamo.stop();
    throw error;
  }
}
