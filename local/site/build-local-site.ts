import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DynamoExecutionStore } from '../../functions/adapters/dynamodb/execution-store.js';
import { createSiteStores } from '../../functions/adapters/dynamodb/site-stores.js';
import { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { FileTaskLogs } from '../../functions/adapters/logs/file-task-logs.js';
import { FileBoundTables } from '../../functions/adapters/objects/file-bound-tables.js';
import { LocalObjectStore } from '../../functions/adapters/objects/local-object-store.js';
import { checkLocalPresignedPut, type LocalPresigner } from '../../functions/adapters/objects/local-presigned-url.js';
import { LoopbackPeerClient } from '../../functions/adapters/peers/loopback-peer-client.js';
import { SignedPeerClient } from '../../functions/adapters/peers/signed-peer-client.js';
import { type ApiHandler, createApiHandler } from '../../functions/api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/api/limits.js';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import { userApiRoutes } from '../../functions/api/routes/index.js';
import { inferenceRoutes } from '../../functions/api/routes/inference-routes.js';
import { createJobIdGenerator } from '../../functions/domain/ids.js';
import { DEFAULT_PEER_RESOURCE_SHARE } from '../../functions/domain/plan/peer-share.js';
import type { NonceStore } from '../../functions/domain/ports/nonce-store.js';
import type { FederationReceiver } from '../../functions/domain/ports/peer-client.js';
import { RUNNER_ENV } from '../../functions/domain/ports/task-launcher.js';
import {
  createFederationHandler,
  type FederationHandler,
} from '../../functions/federation/create-federation-handler.js';
import { JobHeadCache } from '../../functions/federation/inbound/job-head-cache.js';
import { PartyKeyCache } from '../../functions/federation/inbound/party-key-cache.js';
import { MAX_FEDERATION_BODY_BYTES } from '../../functions/federation/inbound/receive-delivery.js';
import { createFederationReceiver } from '../../functions/federation/inbound/receiver.js';
import { BackgroundWork } from '../../functions/services/background-work.js';
import { delegateTask } from '../../functions/services/federation/delegate-task.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import { createStepHandlers } from '../../functions/services/steps/step-handlers.js';
import { issueDelegationTicket } from '../../functions/services/tasks/delegation-ticket.js';
import { taskEnded } from '../../functions/services/tasks/task-ended.js';
import { taskExited } from '../../functions/services/tasks/task-exited.js';
import type { StepHandlers } from '../../functions/steps/step-contract.js';
import { announcingTransferStore } from '../../runner/context/transfer-arrivals.js';
import { localBoardUrl } from '../board/board-url.js';
import type { PresignedPutTarget } from '../http/presigned-put.js';
import { ProcessTaskLauncher } from '../launcher/process-task-launcher.js';
import type { LeftoverWorkers } from '../launcher/worker-files.js';
import type { LocalDynamo } from '../store/local-dynamo.js';
import { LocalOrchestrator } from '../workflow/local-orchestrator.js';
import { FileSigningKeyStore } from './file-signing-key-store.js';
import type { LocalSiteOptions } from './local-site-options.js';
import type { LocalSiteMetering } from './meter-local-site.js';

/** Step handlers bound on first use, once the services they belong to exist. */
function lazySteps(make: () => StepHandlers): StepHandlers {
  let steps: StepHandlers | undefined;
  const get = () => {
    steps ??= make();
    return steps;
  };
  return {
    loadPlan: (input) => get().loadPlan(input),
    runComponent: (input) => get().runComponent(input),
    finishJob: (input) => get().finishJob(input),
    failJob: (input) => get().failJob(input),
  };
}

/** Credentials checked at this site remember their app keys' NONCEs in this site's store. */
function withSiteNonces(auth: AuthOptions, nonces: NonceStore): AuthOptions {
  return auth.mode === 'iam' || auth.mode === 'none' ? auth : { ...auth, nonces };
}

/** A site's parts, built and wired, serving nothing yet (serve-local-site.ts puts them behind HTTP). */
export interface BuiltLocalSite {
  readonly services: SiteServices;
  /** The bus unmetered: the loops subscribe to it (a publish is what AWS bills, not a delivery). */
  readonly events: InProcessEventBus;
  readonly orchestrator: LocalOrchestrator;
  readonly executions: DynamoExecutionStore;
  /** The runners the site's last run left, dealt with before anything could launch. */
  readonly leftovers: LeftoverWorkers;
  readonly signedPeers: SignedPeerClient;
  readonly handlers: { readonly api: ApiHandler<SiteServices>; readonly federation: FederationHandler };
  /** What the user API serves beside its Lambda handler: the presigned PUTs of the object store. */
  readonly presignedPuts: PresignedPutTarget & { setApiUrl(url: string): void };
}

/**
 * The composition root for the local adapters — dynalite's stores, a folder object store, an
 * in-process event bus, child-process runners, a key file — wired into the same services and
 * handlers as in AWS. What must be closed at a stop is pushed onto `closers`, runners first.
 */
export async function buildLocalSite(
  options: LocalSiteOptions,
  dynamo: LocalDynamo,
  metering: LocalSiteMetering,
  closers: Array<() => Promise<void>>,
): Promise<BuiltLocalSite> {
  const clock = options.clock ?? Date.now;
  const { client, tableName } = dynamo;
  const poolName = 'default';
  const stores = createSiteStores(client, tableName, clock);
  const { resources, jobs, delegations } = stores;
  await resources.ensurePool({ name: poolName, cores: options.cores, memory: options.memory, nodes: 1 });
  // One registry for the API, the peer client and the federation endpoint: a change through it
  // reaches the endpoint's in-memory keys at once.
  const parties = new PartyKeyCache(stores.parties, { clock });
  const signingKeys = metering.signingKeys(new FileSigningKeyStore(join(options.dataDir, 'signing-keys.json')));
  const signedPeers = new SignedPeerClient({
    parties: { getParty: (partyId) => parties.partyToAddress(partyId) },
    signingKeys: () => signingKeys.secretKeys(),
    ca: options.tls.ca,
    clock,
    ...(options.peerRetryBaseMs !== undefined && { baseDelayMs: options.peerRetryBaseMs }),
  });
  const background = new BackgroundWork();
  const events = new InProcessEventBus({
    onError: (error, event) => console.error(`party ${options.partyId}: ${event.type} handler failed`, error),
  });
  // Presigned PUT URLs point at the user API, whose address is known once it listens; the secret
  // lives as long as the process, longer than any URL it signs (PRESIGNED_UPLOAD_SECONDS).
  const apiAddress: { url?: string } = {};
  const presigner: LocalPresigner = {
    secret: randomBytes(32),
    clock,
    baseUrl: () => {
      if (apiAddress.url === undefined) throw new Error('the user API is not listening yet');
      return apiAddress.url;
    },
  };
  const objects = new LocalObjectStore(join(options.dataDir, 'objects'), presigner);
  // They need the services they are part of: they reach them through this late-bound holder.
  const late: { services?: SiteServices; receiver?: FederationReceiver } = {};
  const peers = new LoopbackPeerClient({
    partyId: options.partyId,
    remote: signedPeers,
    local: () => {
      if (late.receiver === undefined) throw new Error('site receiver is not ready');
      return late.receiver;
    },
  });
  const logsDir = join(options.dataDir, 'logs');
  const launcher = new ProcessTaskLauncher({
    env: {
      [RUNNER_ENV.partyId]: String(options.partyId),
      [RUNNER_ENV.tableName]: tableName,
      [RUNNER_ENV.dynamodbEndpoint]: dynamo.endpoint,
      [RUNNER_ENV.objectsDir]: join(options.dataDir, 'objects'),
      // The data plane: the runner signs `transfer`s with a key of its own, which the site
      // certifies over the runner's IPC channel (never the site's key), and trusts the local CA.
      [RUNNER_ENV.delegationChannel]: 'ipc',
      [RUNNER_ENV.federationCa]: options.tls.ca,
      ...(options.testComponents === true && { [RUNNER_ENV.testComponents]: 'true' }),
    },
    launchEnv: async (task, workerId) => ({
      [RUNNER_ENV.delegationTicket]: await issueDelegationTicket(delegations, task, workerId, clock),
    }),
    delegate: (task, request) =>
      delegateTask(
        { partyId: options.partyId, jobs, delegations, signingKeys: () => signingKeys.secretKeys(), clock },
        { ...request, task },
      ),
    logsDir,
    workersDir: join(options.dataDir, 'workers'),
    onEnded: async (task) => {
      const services = late.services;
      if (services === undefined) return;
      await metering.taskExit(() => taskEnded(services, task));
    },
    onExit: async (exit) => {
      const services = late.services;
      if (services === undefined) return;
      await metering.taskExit(() => taskExited(services, exit));
    },
    ...(metering.runners && { instrument: metering.runners }),
  });
  // Before anything can launch: the runners the last run of the site left are dealt with.
  const leftovers = await launcher.recover();
  const executions = new DynamoExecutionStore(dynamo.unmeteredClient, tableName);
  const orchestrator = new LocalOrchestrator({
    store: executions,
    clock,
    steps: lazySteps(() => {
      if (!late.services) throw new Error('site services are not ready');
      return metering.steps(createStepHandlers(late.services));
    }),
    ...(metering.onStateTransitions && { onStateTransitions: metering.onStateTransitions }),
  });
  // The runners first: what the shutdown stops is recorded as interrupted before anything slower
  // (a scheduler or detector pass, a workflow step) could delay it past `flow local down`'s patience.
  closers.push(
    () => launcher.close(),
    () => orchestrator.close(),
    () => background.drain(),
  );
  const services: SiteServices = {
    site: {
      partyId: options.partyId,
      pool: { name: poolName, cores: options.cores, memory: options.memory, nodes: 1, maxCoresPercentPerJob: 1 },
      peerResourceShare: options.peerResourceShare ?? DEFAULT_PEER_RESOURCE_SHARE,
      catalog: options.catalog,
      permissionCheck: options.permissionCheck,
      objectEngine: 'LOCALFS',
      // The board the user API serves beside it, once that listens (board-url.ts).
      get boardUrl() {
        return apiAddress.url === undefined ? undefined : localBoardUrl(apiAddress.url);
      },
      jobLogsFolder: join(options.dataDir, 'logs'),
    },
    jobs,
    resources,
    tables: stores.tables,
    tracking: stores.tracking,
    models: stores.models,
    // A value stored for one of this site's tasks wakes its runner's waiting `get` at once.
    transfers: announcingTransferStore(stores.transfers, (part) => launcher.transferStored(part)),
    transferAdmission: stores.transferAdmission,
    permissions: stores.permissions,
    objects: metering.objects(objects),
    events: metering.events(events),
    peers,
    launcher,
    taskLogs: new FileTaskLogs(logsDir),
    boundTables: new FileBoundTables(),
    orchestrator,
    background,
    parties,
    signingKeys,
    clock,
    newJobId: createJobIdGenerator(),
  };
  const receiver = createFederationReceiver(services);
  late.services = services;
  late.receiver = metering.loopback(receiver);
  const inbound = {
    partyId: options.partyId,
    partyKeys: parties,
    deliveries: stores.deliveries,
    // Heads never change once written: read once per site process, not once per message.
    jobs: new JobHeadCache(services.jobs),
    receiver,
    clock,
    maxBodyBytes: MAX_FEDERATION_BODY_BYTES,
  };
  const api = createApiHandler({
    // One process plays every entry: the user API and the inference function's routes alike.
    routes: [...userApiRoutes, ...inferenceRoutes],
    services: () => services,
    auth: withSiteNonces(options.auth, stores.nonces),
    maxBodyBytes: MAX_REQUEST_BODY_BYTES,
  });
  const federation = createFederationHandler(() => inbound);
  const presignedPuts = {
    check: (pathWithQuery: string) => checkLocalPresignedPut(presigner, pathWithQuery),
    objects,
    onError: (error: unknown) => console.error(`party ${options.partyId}: presigned upload failed`, error),
    setApiUrl: (url: string) => {
      apiAddress.url = url;
    },
  };
  return {
    services,
    events,
    orchestrator,
    executions,
    leftovers,
    signedPeers,
    handlers: { api, federation },
    presignedPuts,
  };
}
