import { LoopbackPeerClient } from '../../../functions/adapters/peers/loopback-peer-client.js';
import { createJobIdGenerator } from '../../../functions/domain/ids.js';
import type { ComponentCatalog } from '../../../functions/domain/plan/component-catalog.js';
import { DEFAULT_PEER_RESOURCE_SHARE } from '../../../functions/domain/plan/peer-share.js';
import type { FederationReceiver } from '../../../functions/domain/ports/peer-client.js';
import { createFederationReceiver } from '../../../functions/federation/inbound/receiver.js';
import { BackgroundWork } from '../../../functions/services/background-work.js';
import type { SiteServices } from '../../../functions/services/site-services.js';
import { createStepHandlers } from '../../../functions/services/steps/step-handlers.js';
import { taskExited } from '../../../functions/services/tasks/task-exited.js';
import { FAKE_CATALOG } from './fake-catalog.js';
import { FakeClock } from './fake-clock.js';
import { FakeLauncher } from './fake-launcher.js';
import { FakeNetwork } from './fake-network.js';
import { FakeWorkflow } from './fake-workflow.js';
import {
  MemoryObjectStore,
  MemoryTableStore,
  MemoryTrackingStore,
  MemoryTransferStore,
  separateAdmissionReads,
} from './memory-data-stores.js';
import { MemoryJobStore } from './memory-job-store.js';
import { MemoryModelStore } from './memory-model-store.js';
import { MemoryPartyStore, MemoryPermissionStore, MemorySigningKeyStore } from './memory-registry-stores.js';
import { MemoryResourceStore } from './memory-resource-store.js';
import { RecordingEventBus } from './recording-event-bus.js';

export const POOL_NAME = 'default';

export interface FakeSiteOptions {
  readonly partyId: number;
  /** The pool's cores. @default 20 (FATE's standalone default) */
  readonly cores?: number;
  /** @default 0 (jobs ask for no memory unless a conf says so) */
  readonly memory?: number;
  /** @default DEFAULT_PEER_RESOURCE_SHARE */
  readonly peerResourceShare?: number;
  /** @default FAKE_CATALOG */
  readonly catalog?: ComponentCatalog;
  /** @default false */
  readonly permissionCheck?: boolean;
  /** Shared by the sites of one federation. @default a clock of its own */
  readonly clock?: FakeClock;
  /** Shared by the sites of one federation. @default a network of its own */
  readonly network?: FakeNetwork;
}

/** One site in memory: its services as a composition root builds them, and the fakes behind them. */
export interface FakeSite {
  readonly partyId: number;
  readonly services: SiteServices;
  readonly jobs: MemoryJobStore;
  readonly resources: MemoryResourceStore;
  readonly events: RecordingEventBus;
  readonly launcher: FakeLauncher;
  readonly workflow: FakeWorkflow;
  readonly parties: MemoryPartyStore;
  readonly permissions: MemoryPermissionStore;
  readonly clock: FakeClock;
  readonly network: FakeNetwork;
  /** The site's federation receiver: what a peer's message reaches. */
  readonly receiver: FederationReceiver;
}

/**
 * A full SiteServices over in-memory fakes, wired as `local/site/local-site.ts` wires a site: a
 * loopback peer client (this party's messages to its own receiver, others over the fake network),
 * the launcher's exits to `taskExited`, the workflow over the site's own step handlers.
 */
export function fakeSite(options: FakeSiteOptions): FakeSite {
  const { partyId } = options;
  const clock = options.clock ?? new FakeClock();
  const network = options.network ?? new FakeNetwork();
  const now = () => clock.now();
  const cores = options.cores ?? 20;
  const memory = options.memory ?? 0;
  const jobs = new MemoryJobStore(now);
  const transfers = new MemoryTransferStore(now);
  const resources = new MemoryResourceStore();
  void resources.ensurePool({ name: POOL_NAME, cores, memory, nodes: 1 });
  const events = new RecordingEventBus();
  const parties = new MemoryPartyStore();
  const permissions = new MemoryPermissionStore();
  const background = new BackgroundWork();
  const late: { services?: SiteServices; receiver?: FederationReceiver } = {};
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`party ${partyId}: site not ready`);
    return value;
  };
  const launcher = new FakeLauncher(jobs, now);
  const workflow = new FakeWorkflow(() => createStepHandlers(ready(late.services)), background);
  const services: SiteServices = {
    site: {
      partyId,
      pool: { name: POOL_NAME, cores, memory, nodes: 1, maxCoresPercentPerJob: 1 },
      peerResourceShare: options.peerResourceShare ?? DEFAULT_PEER_RESOURCE_SHARE,
      catalog: options.catalog ?? FAKE_CATALOG,
      permissionCheck: options.permissionCheck ?? false,
      objectEngine: 'MEMORY',
      boardUrl: `memory://party-${partyId}/dashboard`,
    },
    jobs,
    resources,
    tables: new MemoryTableStore(),
    tracking: new MemoryTrackingStore(),
    models: new MemoryModelStore(),
    transfers,
    transferAdmission: separateAdmissionReads(jobs, transfers),
    permissions,
    objects: new MemoryObjectStore(),
    events,
    peers: new LoopbackPeerClient({ partyId, remote: network.clientOf(partyId), local: () => ready(late.receiver) }),
    parties,
    signingKeys: new MemorySigningKeyStore(),
    launcher,
    orchestrator: workflow,
    background,
    clock: now,
    newJobId: createJobIdGenerator(() => clock.now() * 1000),
  };
  late.services = services;
  late.receiver = createFederationReceiver(services);
  launcher.onExit = (exit) => taskExited(services, exit);
  network.attach(partyId, () => ready(late.receiver));
  return {
    partyId,
    services,
    jobs,
    resources,
    events,
    launcher,
    workflow,
    parties,
    permissions,
    clock,
    network,
    receiver: late.receiver,
  };
}
