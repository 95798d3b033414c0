import { CloudWatchLogs } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '../../adapters/dynamodb/client.js';
import { DynamoNonceStore } from '../../adapters/dynamodb/nonce-store.js';
import { CloudWatchTaskLogs } from '../../adapters/logs/cloudwatch-task-logs.js';
import { S3BoundTables } from '../../adapters/objects/s3-bound-tables.js';
import { createS3Client, S3ObjectStore } from '../../adapters/objects/s3-object-store.js';
import { SecretsManagerAppKeys } from '../../adapters/secrets/secrets-manager-app-keys.js';
import { createJobIdGenerator } from '../../domain/ids.js';
import type { AppKeySource } from '../../domain/ports/app-key-source.js';
import type { NonceStore } from '../../domain/ports/nonce-store.js';
import type { ApiDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { registerPeers } from '../register-peers.js';
import {
  eventBusOf,
  launcherOf,
  orchestratorOf,
  peersThroughFederationOf,
  signingKeysOf,
  storesOf,
} from './builders.js';
import { ensureSitePool } from './cold-start.js';
import { siteConfigOf } from './site-config.js';

/**
 * What the user API's routes use. `launcher` only stops: `job stop` at a party that did not initiate
 * the job kills its own running tasks (stop-at-party.ts), a local act, not a message. A task start
 * or a component's settling happens where a message to this site is received: in `federation`.
 */
export function composeApi(config: SiteEnvConfig, clock: () => number = Date.now): ApiDeps {
  const stores = storesOf(config, clock);
  const signingKeys = signingKeysOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    resources: stores.resources,
    tables: stores.tables,
    tracking: stores.tracking,
    models: stores.models,
    permissions: stores.permissions,
    objects: new S3ObjectStore(createS3Client(), { bucket: config.bucket }),
    boundTables: new S3BoundTables(createS3Client()),
    // `job log`: the runners' lines, which the runner's awslogs driver sends to their group.
    taskLogs: new CloudWatchTaskLogs(new CloudWatchLogs({}), { logGroupName: config.runnerLogGroup }),
    events: eventBusOf(config),
    peers: peersThroughFederationOf(config, stores.parties, signingKeys, clock),
    parties: stores.parties,
    signingKeys,
    launcher: launcherOf(config, stores.delegations, clock),
    orchestrator: orchestratorOf(config),
    clock,
    newJobId: createJobIdGenerator(),
  };
}

/** The API manages the registry and shows the pool: at cold start it writes both where they differ. */
export async function apiColdStart(ports: ApiDeps, config: SiteEnvConfig): Promise<void> {
  await ensureSitePool(ports.resources, ports.site);
  await registerPeers(ports.parties, config.peers, ports.clock);
}

/** What the API checks a request through the app-key API with: the app keys, and the NONCEs seen. */
export interface ApiAppKeyAuth {
  readonly appKeys: AppKeySource;
  readonly nonces: NonceStore;
}

export function composeApiAppKeyAuth(config: SiteEnvConfig, clock: () => number = Date.now): ApiAppKeyAuth {
  return {
    appKeys: new SecretsManagerAppKeys(new SecretsManagerClient({}), { secretId: config.appKeysSecretArn, clock }),
    nonces: new DynamoNonceStore(createDocumentClient(new DynamoDBClient({})), config.tableName, { now: clock }),
  };
}
