import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoExecutionStore } from '../../functions/adapters/dynamodb/execution-store.js';
import { createSiteStores } from '../../functions/adapters/dynamodb/site-stores.js';
import { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { LocalObjectStore } from '../../functions/adapters/objects/local-object-store.js';
import { LoopbackPeerClient } from '../../functions/adapters/peers/loopback-peer-client.js';
import { SignedPeerClient } from '../../functions/adapters/peers/signed-peer-client.js';
import { type ApiHandler, createApiHandler } from '../../functions/api/create-api-handler.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/api/limits.js';
import type { AuthOptions } from '../../functions/api/middleware/authenticate.js';
import { userApiRoutes } from '../../functions/api/routes/index.js';
import { createJobIdGenerator } from '../../functions/domain/ids.js';
import type { ComponentCatalog } from '../../functions/domain/plan/component-catalog.js';
import { DEFAULT_PEER_RESOURCE_SHARE } from '../../functions/domain/plan/peer-share.js';
import type { NonceStore } from '../../functions/domain/ports/nonce-store.js';
import type { FederationReceiver } from '../../functions/domain/ports/peer-client.js';
import { RUNNER_ENV } from '../../functions/domain/ports/task-launcher.js';
import {
  createFederationHandler,
  type FederationHandler,
} from '../../functions/federation/create-federation-handler.js';
import { PartyKeyCache } from '../../functions/federation/inbound/party-key-cache.js';
import { MAX_FEDERATION_BODY_BYTES } from '../../functions/federation/inbound/receive-delivery.js';
import { BackgroundWork } from '../../functions/services/background-work.js';
import { delegateTask } from '../../functions/services/federation/delegate-task.js';
import { createFederationReceiver } from '../../functions/services/federation/federation-receiver.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import { createStepHandlers } from '../../functions/services/steps/step-handlers.js';
import { issueDelegationTicket } from '../../functions/services/tasks/delegation-ticket.js';
import { taskExited } from '../../functions/services/tasks/task-exited.js';
import type { StepHandlers } from '../../functions/steps/step-contract.js';
import { type ApiServer, startApiServer } from '../http/api-gateway-server.js';
import { ProcessTaskLauncher } from '../launcher/process-task-launcher.js';
import { runnerInstrumentation } from '../metering/runner-metering.js';
import type { SiteMeter } from '../metering/site-meter.js';
import { type LocalDynamo, startLocalDynamo } from '../store/local-dynamo.js';
import { LocalOrchestrator } from '../workflow/local-orchestrator.js';
import { FileSigningKeyStore } from './file-signing-key-store.js';
import { recoverSite } from './recover-site.js';
import { type SiteLoopOptions, startSiteLoops } from './site-loops.js';

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
  /** The share of the pool the jobs of any one peer may hold. @default DEFAULT_PEER_RESOURCE_SHARE */
  readonly peerResourceShare?: number;
  readonly permissionCheck: boolean;
  /** The user API's callers; in credentials mode the site's own store remembers app-key NONCEs. */
  readonly auth: AuthOptions;
  readonly catalog: ComponentCatalog;
  /** The site's runners may run the test components (PassThrough, Sleep, Exchange). @default false */
  readonly testComponents?: boolean;
  readonly clock?: () => number;
  /**
   * Run the scheduler and the detector (events and sweeps). Off, jobs stay waiting until it is on
   * again: a site paused for maintenance, or a test of the control plane alone. @default true
   */
  readonly scheduling?: boolean;
  /** How often the scheduler and detector sweep (events trigger them at once anyway). */
  readonly loops?: SiteLoopOptions;
  /** Counts what the site would be billed for in AWS (local/metering, docs/cost.md). @default none */
  readonly meter?: SiteMeter;
}

export interface LocalSite {
  readonly partyId: number;
  /** This site's folder (objects, keys, dynalite's files). */
  readonly dataDir: string;
  readonly apiUrl: string;
  /** https://127.0.0.1:PORT — where peers send signed messages. */
  readonly federationUrl: string;
  readonly services: SiteServices;
  /** The site's DynamoDB table, for tools and tests that look at what is stored. */
  readonly table: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  /**
   * Starts the site's own work once its peers can be reached (the federation calls it after
   * introducing the sites): what its last run left running is recovered (tasks whose worker is
   * gone end interrupted or failed, RUNNING workflows resume), then the scheduler and detector
   * run. Until then the site answers requests but starts nothing of its own.
   */
  resume(): Promise<void>;
  /** The handlers behind the two endpoints, for tests that call them in-process (no HTTP in between). */
  readonly handlers: { readonly api: ApiHandler<SiteServices>; readonly federation: FederationHandler };
  /** Stops starting work (loops, workflows, tasks) and waits for work under way; still answers peers. */
  quiesce(): Promise<void>;
  /** Quiesces, then closes the endpoints and the store. */
  stop(): Promise<void>;
}

/**
 * One party's site on this machine: the same services and handlers as in AWS, over local
 * adapters — dynalite (on disk under dataDir), a folder object store, an in-process event bus, a
 * key file — with the user API on plain HTTP and the federation endpoint on HTTPS, both on
 * 127.0.0.1 behind the API Gateway stand-in.
 */
export async function startLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const { meter } = options;
  const dynamo: LocalDynamo = await startLocalDynamo({
    ...(options.persistent === false ? {} : { path: join(options.dataDir, 'dynamodb') }),
    ...(meter && { meter }),
  });
  const servers: ApiServer[] = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    const clock = options.clock ?? Date.now;
    const { client, tableName } = dynamo;
    const poolName = 'default';
    const stores = createSiteStores(client, tableName, clock);
    const { resources, jobs, delegations } = stores;
    await resources.ensurePool({ name: poolName, cores: options.cores, memory: options.memory, nodes: 1 });
    // One registry for the API, the peer client and the federation endpoint: a change through it
    // reaches the endpoint's in-memory keys at once.
    const parties = new PartyKeyCache(stores.parties, { clock });
    const keyFile = new FileSigningKeyStore(join(options.dataDir, 'signing-keys.json'));
    const signingKeys = meter ? meter.signingKeys(keyFile) : keyFile;
    const signedPeers = new SignedPeerClient({
      parties,
      signingKeys: () => signingKeys.secretKeys(),
      ca: options.tls.ca,
      clock,
    });
    const background = new BackgroundWork();
    const events = new InProcessEventBus({
      onError: (error, event) => console.error(`party ${options.partyId}: ${event.type} handler failed`, error),
    });
    const objects = new LocalObjectStore(join(options.dataDir, 'objects'));
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
      logsDir: join(options.dataDir, 'logs'),
      workersDir: join(options.dataDir, 'workers'),
      onExit: async (exit) => {
        const services = late.services;
        if (services === undefined) return;
        // AWS: the ECS task-state-change (STOPPED) rule invokes a Lambda.
        await (meter ? meter.invoke('ecsTaskStopped', () => taskExited(services, exit)) : taskExited(services, exit));
      },
      ...(meter && { instrument: runnerInstrumentation(meter, join(options.dataDir, 'meter')) }),
    });
    // Before anything can launch: the runners the last run of the site left are dealt with.
    const leftovers = await launcher.recover();
    const executions = new DynamoExecutionStore(dynamo.unmeteredClient, tableName);
    const orchestrator = new LocalOrchestrator({
      store: executions,
      clock,
      steps: lazySteps(() => {
        if (!late.services) throw new Error('site services are not ready');
        const steps = createStepHandlers(late.services);
        return meter ? meter.stepHandlers(steps) : steps;
      }),
      ...(meter && { onStateTransitions: (count: number) => meter.stateTransitions(count) }),
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
        boardUrl: `local://party-${options.partyId}/dashboard`,
      },
      jobs,
      resources,
      tables: stores.tables,
      tracking: stores.tracking,
      transfers: stores.transfers,
      permissions: stores.permissions,
      objects: meter ? meter.objectStore(objects) : objects,
      events: meter ? meter.eventBus(events) : events,
      peers,
      launcher,
      orchestrator,
      background,
      parties,
      signingKeys,
      clock,
      newJobId: createJobIdGenerator(),
    };
    late.services = services;
    late.receiver = createFederationReceiver(services);
    const inbound = {
      partyId: options.partyId,
      partyKeys: parties,
      deliveries: stores.deliveries,
      jobs: services.jobs,
      receiver: late.receiver,
      clock,
      maxBodyBytes: MAX_FEDERATION_BODY_BYTES,
    };
    const apiHandler = createApiHandler({
      routes: userApiRoutes,
      services: () => services,
      auth: withSiteNonces(options.auth, stores.nonces),
      maxBodyBytes: MAX_REQUEST_BODY_BYTES,
    });
    const federationHandler = createFederationHandler(() => inbound);
    const api = await startApiServer({
      handler: meter ? meter.httpHandler('api', apiHandler) : apiHandler,
      port: options.apiPort ?? 0,
      functionName: `fate-flow-api-${options.partyId}`,
    });
    servers.push(api);
    const federation = await startApiServer({
      handler: meter ? meter.httpHandler('federation', federationHandler) : federationHandler,
      port: options.federationPort ?? 0,
      tls: { key: options.tls.key, cert: options.tls.cert },
      functionName: `fate-flow-federation-${options.partyId}`,
    });
    servers.push(federation);
    let quiesced: Promise<void> | undefined;
    let resumed: Promise<void> | undefined;
    const resume = (): Promise<void> => {
      resumed ??= (async () => {
        if (quiesced !== undefined) return;
        await recoverSite(services, { orchestrator, executions, leftovers });
        if (options.scheduling !== false && quiesced === undefined) {
          // After the launcher's close, before the workflows': a pass under way finishes first.
          closers.splice(1, 0, startSiteLoops(services, events, options.loops, meter));
        }
      })();
      return resumed;
    };
    const quiesce = (): Promise<void> => {
      quiesced ??= (async () => {
        // A resume under way finishes first: its loops are then among what is closed.
        await resumed?.catch(() => undefined);
        for (const close of closers) await close();
      })();
      return quiesced;
    };
    return {
      partyId: options.partyId,
      dataDir: options.dataDir,
      apiUrl: api.url,
      federationUrl: federation.url,
      services,
      table: { client, tableName },
      resume,
      handlers: { api: apiHandler, federation: federationHandler },
      quiesce,
      async stop() {
        await quiesce();
        signedPeers.close();
        await Promise.all(servers.map((server) => server.close()));
        await dynamo.stop();
      },
    };
  } catch (error) {
    for (const close of closers) await close();
    await Promise.all(servers.map((server) => server.close()));
    await dynamo.stop();
    throw error;
  }
}
