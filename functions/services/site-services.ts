import type { ComponentCatalog } from '../domain/plan/component-catalog.js';
import type { SitePool } from '../domain/plan/resources.js';
import type { BoundTables } from '../domain/ports/bound-tables.js';
import type { EventBus } from '../domain/ports/event-bus.js';
import type { JobStore } from '../domain/ports/job-store.js';
import type { ModelStore } from '../domain/ports/model-store.js';
import type { ObjectStore } from '../domain/ports/object-store.js';
import type { Orchestrator, TaskTokens } from '../domain/ports/orchestrator.js';
import type { PartyStore } from '../domain/ports/party-store.js';
import type { PeerClient } from '../domain/ports/peer-client.js';
import type { PermissionStore } from '../domain/ports/permission-store.js';
import type { ResourceStore } from '../domain/ports/resource-store.js';
import type { SigningKeyStore } from '../domain/ports/signing-key-store.js';
import type { TableStore } from '../domain/ports/table-store.js';
import type { TaskLauncher } from '../domain/ports/task-launcher.js';
import type { TaskLogReader } from '../domain/ports/task-log-reader.js';
import type { TrackingStore } from '../domain/ports/tracking-store.js';
import type { TransferAdmissionReads } from '../domain/ports/transfer-admission.js';
import type { TransferStore } from '../domain/ports/transfer-store.js';
import type { BackgroundWork } from './background-work.js';

/** Who this site is and the rules it applies. */
export interface SiteConfig {
  /** The FATE party id this site serves (every role that party plays). */
  readonly partyId: number;
  /** The pool jobs apply resources from; its size is also the per-job core limit base. */
  readonly pool: SitePool & { readonly name: string; readonly memory: number };
  /**
   * The share of the pool (0…1) that the jobs initiated by any one other party may hold at once
   * (domain/plan/peer-share.ts); the site's own jobs are not bounded by it.
   */
  readonly peerResourceShare: number;
  /** Modules this site can run. */
  readonly catalog: ComponentCatalog;
  /** Check other parties' grants (components, datasets) on job create, as FATE's permission switch. */
  readonly permissionCheck: boolean;
  /** The storage engine name tables report (`S3` in AWS, `LOCALFS` locally). */
  readonly objectEngine: string;
  /**
   * The board's page (FATE's board_url points at `<boardUrl>#/job/<job id>`, site-links.ts): the
   * site's own `/board/` locally, the board's CloudFront URL in AWS. None for a site without a
   * board: its answers then carry no board_url rather than a dead link.
   */
  readonly boardUrl?: string;
  /**
   * The folder on this machine that holds each job's task logs (`<folder>/<job_id>/…`, FATE's
   * logs_directory). None where logs are not files users can open (CloudWatch Logs in AWS).
   */
  readonly jobLogsFolder?: string;
}

/**
 * The catalog of every port a composition root (AWS, local) can build from adapters; services
 * never import an adapter. No use case takes the whole of it: each declares the ports it uses as a
 * `Pick` of this, exported beside it (`SubmitJobDeps`, `ScheduleWaitingJobsDeps`, …), a caller's
 * deps are the union of its use cases', and `entry-deps.ts` names what each Lambda entry needs.
 */
export interface SiteServices {
  readonly site: SiteConfig;
  readonly jobs: JobStore;
  readonly resources: ResourceStore;
  readonly tables: TableStore;
  readonly tracking: TrackingStore;
  /** Pipelined models deployed, migrated or imported here, and service bindings. */
  readonly models: ModelStore;
  readonly permissions: PermissionStore;
  readonly objects: ObjectStore;
  readonly events: EventBus;
  readonly peers: PeerClient;
  /** Values other parties' tasks sent to this party's tasks (the data plane's `remote`). */
  readonly transfers: TransferStore;
  /** What admitting a transferred part reads first: the addressee's job status and the job's usage. */
  readonly transferAdmission: TransferAdmissionReads;
  /** The peers this site knows: endpoints and public keys. */
  readonly parties: PartyStore;
  /** This site's own signing keys. */
  readonly signingKeys: SigningKeyStore;
  /** Runs this party's tasks. */
  readonly launcher: TaskLauncher;
  /**
   * What this party's tasks logged (`job log`). Absent where the composition has no reader of
   * them: the AWS compositions until the runners' CloudWatch Logs reader is wired.
   */
  readonly taskLogs?: TaskLogReader;
  /** Where bound tables' rows are read (`table bind`); absent: the site binds none. */
  readonly boundTables?: BoundTables;
  /** Runs the workflows of the jobs this site initiates, and settles their waiting steps. */
  readonly orchestrator: Orchestrator & TaskTokens;
  /** Work started and not awaited (reports after a task start). */
  readonly background: BackgroundWork;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly newJobId: () => string;
}
