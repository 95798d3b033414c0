/**
 * The AWS composition root: SiteServices (and the federation endpoint's inbound dependencies)
 * built from SITE_ENV over the AWS adapters. The only place in functions/ that builds adapters;
 * `local/site/local-site.ts` is its counterpart for the local runtime.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { productionCatalog } from '../../components/catalog.js';
import { createDocumentClient } from '../adapters/dynamodb/client.js';
import { createSiteStores } from '../adapters/dynamodb/site-stores.js';
import { EventBridgeEventBus } from '../adapters/events/eventbridge-event-bus.js';
import { EcsTaskLauncher } from '../adapters/launchers/ecs-task-launcher.js';
import { createS3Client, S3ObjectStore } from '../adapters/objects/s3-object-store.js';
import { LoopbackPeerClient } from '../adapters/peers/loopback-peer-client.js';
import { SignedPeerClient } from '../adapters/peers/signed-peer-client.js';
import { SecretsManagerSigningKeyStore } from '../adapters/secrets/secrets-manager-signing-key-store.js';
import { StepFunctionsOrchestrator } from '../adapters/workflow/step-functions-orchestrator.js';
import { createJobIdGenerator } from '../domain/ids.js';
import type { DelegationStore } from '../domain/ports/delegation-store.js';
import type { FederationReceiver } from '../domain/ports/peer-client.js';
import { RUNNER_ENV } from '../domain/ports/task-launcher.js';
import { PartyKeyCache } from '../federation/inbound/party-key-cache.js';
import type { InboundDeps } from '../federation/inbound/receive-delivery.js';
import { MAX_FEDERATION_BODY_BYTES } from '../federation/inbound/receive-delivery.js';
import { BackgroundWork } from '../services/background-work.js';
import { createFederationReceiver } from '../services/federation/federation-receiver.js';
import type { SiteServices } from '../services/site-services.js';
import { issueDelegationTicket } from '../services/tasks/delegation-ticket.js';
import type { SiteEnvConfig } from './read-site-env.js';
import { registerPeers } from './register-peers.js';

/** One client per AWS service, built once per cold start and shared by every adapter. */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly eventBridge: EventBridgeClient;
  readonly sfn: SFNClient;
  readonly ecs: ECSClient;
  readonly secrets: SecretsManagerClient;
}

/**
 * Region and credentials come from the Lambda environment. Endpoints are the SDK's, which also
 * honours AWS_ENDPOINT_URL_<SERVICE> (how the integration tests point DynamoDB at dynalite).
 */
export function createAwsClients(): AwsClients {
  return {
    dynamodb: new DynamoDBClient({}),
    s3: createS3Client(),
    eventBridge: new EventBridgeClient({}),
    sfn: new SFNClient({}),
    ecs: new ECSClient({}),
    secrets: new SecretsManagerClient({}),
  };
}

export interface AwsSite {
  readonly config: SiteEnvConfig;
  readonly services: SiteServices;
  /** What the federation endpoint checks a delivery against and hands it to. */
  readonly inbound: InboundDeps;
  /** Launched tasks' delegation tickets and keys (the `delegation` function's store). */
  readonly delegations: DelegationStore;
}

/** The pool every job of the site applies to: one per site, as FATE's standalone engine registry. */
const POOL_NAME = 'default';

/** Builds the site; no call is made here (see prepareAwsSite). */
export function createAwsSite(config: SiteEnvConfig, clients: AwsClients, clock: () => number = Date.now): AwsSite {
  const doc = createDocumentClient(clients.dynamodb);
  const { tableName } = config;
  // The federation endpoint checks signatures against the keys kept here in memory; a change
  // through this store (a cold start's peer registration) reaches them at once, one made by
  // another function within PARTY_KEYS_RELOAD_MS.
  const stores = createSiteStores(doc, tableName, clock);
  const parties = new PartyKeyCache(stores.parties, { clock });
  const signingKeys = new SecretsManagerSigningKeyStore(clients.secrets, {
    secretId: config.signingKeySecretArn,
    clock,
  });
  const { delegations } = stores;
  // The receiver is built from the services this client is part of: bound once both exist.
  const late: { receiver?: FederationReceiver } = {};
  const services: SiteServices = {
    site: {
      partyId: config.partyId,
      pool: {
        name: POOL_NAME,
        cores: config.poolCores,
        memory: config.poolMemory,
        nodes: 1,
        maxCoresPercentPerJob: 1,
      },
      peerResourceShare: config.peerResourceShare,
      // FATE's components, which this build's runner image runs (the test components are refused at submit).
      catalog: productionCatalog,
      permissionCheck: config.permissionCheck,
      objectEngine: 'S3',
      boardUrl: config.boardUrl,
    },
    jobs: stores.jobs,
    resources: stores.resources,
    tables: stores.tables,
    tracking: stores.tracking,
    transfers: stores.transfers,
    permissions: stores.permissions,
    objects: new S3ObjectStore(clients.s3, { bucket: config.bucket }),
    events: new EventBridgeEventBus(clients.eventBridge, {
      eventBusName: config.eventBusName,
      partyId: config.partyId,
    }),
    // No `ca`: peers' certificates chain to public CAs, checked against Node's root store.
    peers: new LoopbackPeerClient({
      partyId: config.partyId,
      remote: new SignedPeerClient({ parties, signingKeys: () => signingKeys.secretKeys(), clock }),
      local: () => {
        if (late.receiver === undefined) throw new Error('the site receiver is not built yet');
        return late.receiver;
      },
    }),
    parties,
    signingKeys,
    launcher: new EcsTaskLauncher(clients.ecs, {
      cluster: config.cluster,
      taskDefinition: config.taskDefinition,
      subnets: config.subnets,
      securityGroups: config.securityGroups,
      // The runner uses the SDK's default DynamoDB endpoint and the bucket: no local-only variable.
      // It never reads the site's signing key: the `delegation` function certifies a key of its own
      // (with the ticket of its launch), and its transfers and its TaskEnded announcement go out
      // through the `runnerOutbox` function, since runners have no route to the internet.
      env: {
        [RUNNER_ENV.partyId]: String(config.partyId),
        [RUNNER_ENV.tableName]: tableName,
        [RUNNER_ENV.bucket]: config.bucket,
        [RUNNER_ENV.delegationFunction]: config.delegationFunctionArn,
        [RUNNER_ENV.outboxFunction]: config.runnerOutboxFunctionArn,
      },
      launchEnv: async (task, workerId) => ({
        [RUNNER_ENV.delegationTicket]: await issueDelegationTicket(delegations, task, workerId, clock),
      }),
    }),
    orchestrator: new StepFunctionsOrchestrator(clients.sfn, { stateMachineArn: config.stateMachineArn }),
    background: new BackgroundWork(),
    clock,
    newJobId: createJobIdGenerator(),
  };
  late.receiver = createFederationReceiver(services);
  const inbound: InboundDeps = {
    partyId: config.partyId,
    partyKeys: parties,
    deliveries: stores.deliveries,
    jobs: services.jobs,
    receiver: late.receiver,
    clock,
    maxBodyBytes: MAX_FEDERATION_BODY_BYTES,
  };
  return { config, services, inbound, delegations };
}

/**
 * What an entry writes at cold start (prepareAwsSite): only what its own work needs, so that its
 * role needs no more (infra/constructs/function-permissions.ts). The pool where resources are
 * applied; the stack's peers where the registry is managed anyway, or swept every minute (the
 * scheduler), which registers them within a minute of a deploy.
 */
export interface SitePreparation {
  readonly pool: boolean;
  readonly peers: boolean;
}

export const NO_PREPARATION: SitePreparation = { pool: false, peers: false };

/**
 * Cold-start work that must be in the table before the entry serves, as `preparation` says: the
 * resource pool (created, or its size updated to the stack's) and the stack's peers. Both write
 * only when something differs.
 */
export async function prepareAwsSite(site: AwsSite, preparation: SitePreparation): Promise<void> {
  const { services, config } = site;
  const { pool } = services.site;
  if (preparation.pool) {
    await services.resources.ensurePool({ name: pool.name, cores: pool.cores, memory: pool.memory, nodes: pool.nodes });
  }
  if (preparation.peers) await registerPeers(services.parties, config.peers, services.clock);
}
