import type { TaskKey } from '../records/task-record.js';

/** How a task ended, as its launcher saw it (process exit, or ECS's STOPPED event). */
export interface TaskExit {
  readonly workerId: string;
  /** 0 when the runner finished its work; null when killed by a signal or stopped by ECS. */
  readonly exitCode: number | null;
  /** Why it stopped, in words: "exit code 1", "killed by SIGKILL", "OutOfMemoryError: Container killed…". */
  readonly reason: string;
}

/** Told of every task that ends, whatever ended it. */
export type TaskExitListener = (exit: TaskExit) => void | Promise<void>;

/**
 * Starts one task at this party, isolated: an ECS Fargate task in AWS, a child process locally,
 * both running the same runner entry with the same environment contract. When the task ends the
 * launcher reports it to the `TaskExitListener` it was built with (locally from the process's
 * exit; in AWS the ECS task-state-change event reaches the same listener through EventBridge).
 */
export interface TaskLauncher {
  /**
   * Starts the runner for this task under the caller's worker id (stored on the task before the
   * launch, so a crash between the two leaves a task the detector can see). The ECS launcher tags
   * the Fargate task with it (`startedBy`).
   */
  launch(task: TaskKey & { readonly cores: number }, workerId: string): Promise<void>;
  /** Stops a running task (SIGTERM then SIGKILL; ECS StopTask). Stopping one that ended is harmless. */
  stop(workerId: string, reason: string): Promise<void>;
  /** Whether the worker is still running (for the detector). */
  isRunning(workerId: string): Promise<boolean>;
}

/**
 * How often a runner proves it is alive by default: a few beats fit in the detector's
 * heartbeat timeout, and a beat is one small DynamoDB write (6 a minute per task).
 */
export const RUNNER_HEARTBEAT_MS = 10_000;

/** The runner's environment contract: what a launcher passes, what the runner reads. */
export const RUNNER_ENV = {
  partyId: 'FATE_FLOW_PARTY_ID',
  jobId: 'FATE_FLOW_JOB_ID',
  component: 'FATE_FLOW_COMPONENT',
  taskVersion: 'FATE_FLOW_TASK_VERSION',
  role: 'FATE_FLOW_ROLE',
  /**
   * Per task, set by the launcher: the task's cores (FATE's task_cores, its share of the job's). The
   * runner spreads CPU-bound work (HeteroLR's Paillier) over as many threads. Unset: one.
   */
  taskCores: 'FATE_FLOW_TASK_CORES',
  tableName: 'FATE_FLOW_TABLE',
  /** Local only: dynalite's endpoint. In AWS the SDK's default endpoint is used. */
  dynamodbEndpoint: 'FATE_FLOW_DYNAMODB_ENDPOINT',
  /** Local only: the object-store folder. */
  objectsDir: 'FATE_FLOW_OBJECTS_DIR',
  /** AWS only: the object-store bucket. */
  bucket: 'FATE_FLOW_BUCKET',
  /** Optional: how often the runner writes its heartbeat, in ms. @default RUNNER_HEARTBEAT_MS */
  heartbeatMs: 'FATE_FLOW_HEARTBEAT_MS',
  /**
   * Per task, set by the launcher: the one-time ticket with which the runner has its own ephemeral
   * key certified by the site (a runner never holds the site's signing key).
   */
  delegationTicket: 'FATE_FLOW_DELEGATION_TICKET',
  /** Local only: `ipc`, the runner asks its parent (the site) over the process's IPC channel. */
  delegationChannel: 'FATE_FLOW_DELEGATION_CHANNEL',
  /** AWS only: the site's `delegation` function, which certifies the runner's key. */
  delegationFunction: 'FATE_FLOW_DELEGATION_FUNCTION',
  /**
   * AWS only: the site's `runnerOutbox` function. Runners have no route to the internet: their
   * signed transfers and their TaskEnded announcement go through it.
   */
  outboxFunction: 'FATE_FLOW_OUTBOX_FUNCTION',
  /** Local only: PEM of the CA the peers' federation certificates chain to. In AWS: the public roots. */
  federationCa: 'FATE_FLOW_FEDERATION_CA',
  /**
   * Local only: "true" when the site opted into the test components (PassThrough, Sleep, Exchange);
   * unset, the runner runs FATE's components only, as in AWS.
   */
  testComponents: 'FATE_FLOW_TEST_COMPONENTS',
} as const;
