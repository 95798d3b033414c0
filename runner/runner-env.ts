import { isRole } from '../functions/domain/job/roles.js';
import { RUNNER_ENV, RUNNER_HEARTBEAT_MS } from '../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';

/** Where the runner keeps objects: a folder (local runtime) or a bucket (AWS). */
export type ObjectsLocation =
  | { readonly kind: 'dir'; readonly dir: string }
  | { readonly kind: 'bucket'; readonly bucket: string };

/**
 * How the runner has its own ephemeral key certified for the data plane (it never holds the
 * site's key): over its IPC channel to the site (local), or by the site's `delegation` function
 * (AWS); either way with the one-time ticket of its launch.
 */
export type DelegationRoute =
  | { readonly kind: 'ipc'; readonly ticket: string }
  | { readonly kind: 'lambda'; readonly functionName: string; readonly ticket: string };

/** The runner's environment, read and checked (RUNNER_ENV is the contract with the launchers). */
export interface RunnerConfig {
  readonly task: TaskKey;
  readonly tableName: string;
  /** dynalite's endpoint locally; undefined in AWS (the SDK's default endpoint, region and credentials). */
  readonly dynamodbEndpoint: string | undefined;
  readonly objects: ObjectsLocation;
  /** How often the runner writes the task's heartbeat. */
  readonly heartbeatMs: number;
  /** How its key is certified; undefined: values can go only to this site's own tasks. */
  readonly delegation: DelegationRoute | undefined;
  /** PEM of the CA peers' federation certificates chain to (local); undefined: the public roots (AWS). */
  readonly federationCa: string | undefined;
  /**
   * AWS: the site's `runnerOutbox` function, through which transfers reach peers and the task's
   * end is announced at once; undefined locally (direct HTTPS, and the exit is seen at once).
   */
  readonly outboxFunction: string | undefined;
  /** The site opted into the test components (local tests and examples); never in AWS. */
  readonly testComponents: boolean;
  /** The task's cores (FATE's task_cores); 1 when the launcher did not say (0, a job asking for none, too). */
  readonly cores: number;
}

/** A missing or malformed variable: the runner exits at once, naming it, before touching any store. */
export class RunnerEnvError extends Error {
  override readonly name = 'RunnerEnvError';
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new RunnerEnvError(`${name} is not set`);
  return value;
}

function integer(env: Env, name: string, min: number): number {
  const text = required(env, name);
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new RunnerEnvError(`${name} must be an integer of at least ${min}, got "${text}"`);
  }
  return value;
}

export function readRunnerEnv(env: Env): RunnerConfig {
  const role = required(env, RUNNER_ENV.role);
  if (!isRole(role))
    throw new RunnerEnvError(`${RUNNER_ENV.role} must be guest, host, arbiter or local, got "${role}"`);
  const task: TaskKey = {
    jobId: required(env, RUNNER_ENV.jobId),
    component: required(env, RUNNER_ENV.component),
    taskVersion: integer(env, RUNNER_ENV.taskVersion, 0),
    role,
    partyId: integer(env, RUNNER_ENV.partyId, 0),
  };
  const dir = env[RUNNER_ENV.objectsDir];
  const bucket = env[RUNNER_ENV.bucket];
  let objects: ObjectsLocation;
  if (dir !== undefined && dir !== '') objects = { kind: 'dir', dir };
  else if (bucket !== undefined && bucket !== '') objects = { kind: 'bucket', bucket };
  else throw new RunnerEnvError(`neither ${RUNNER_ENV.objectsDir} nor ${RUNNER_ENV.bucket} is set`);
  const endpoint = env[RUNNER_ENV.dynamodbEndpoint];
  const heartbeat = env[RUNNER_ENV.heartbeatMs];
  const ca = env[RUNNER_ENV.federationCa];
  const outbox = optional(env, RUNNER_ENV.outboxFunction);
  return {
    task,
    tableName: required(env, RUNNER_ENV.tableName),
    dynamodbEndpoint: endpoint === undefined || endpoint === '' ? undefined : endpoint,
    objects,
    heartbeatMs:
      heartbeat === undefined || heartbeat === '' ? RUNNER_HEARTBEAT_MS : integer(env, RUNNER_ENV.heartbeatMs, 1),
    delegation: delegationOf(env),
    federationCa: ca === undefined || ca === '' ? undefined : ca,
    outboxFunction: outbox,
    testComponents: testComponentsOf(env),
    cores: coresOf(env),
  };
}

function testComponentsOf(env: Env): boolean {
  const value = optional(env, RUNNER_ENV.testComponents);
  if (value === undefined) return false;
  if (value !== 'true')
    throw new RunnerEnvError(`${RUNNER_ENV.testComponents} must be "true" or unset, got "${value}"`);
  return true;
}

function coresOf(env: Env): number {
  if (optional(env, RUNNER_ENV.taskCores) === undefined) return 1;
  return Math.max(1, integer(env, RUNNER_ENV.taskCores, 0));
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function delegationOf(env: Env): DelegationRoute | undefined {
  const ticket = optional(env, RUNNER_ENV.delegationTicket);
  const channel = optional(env, RUNNER_ENV.delegationChannel);
  const functionName = optional(env, RUNNER_ENV.delegationFunction);
  if (channel !== undefined && functionName !== undefined) {
    throw new RunnerEnvError(
      `${RUNNER_ENV.delegationChannel} and ${RUNNER_ENV.delegationFunction} are both set; set one`,
    );
  }
  if (channel !== undefined && channel !== 'ipc') {
    throw new RunnerEnvError(`${RUNNER_ENV.delegationChannel} must be "ipc", got "${channel}"`);
  }
  if (channel === undefined && functionName === undefined) {
    if (ticket !== undefined) {
      throw new RunnerEnvError(
        `${RUNNER_ENV.delegationTicket} is set but neither ${RUNNER_ENV.delegationChannel} nor ${RUNNER_ENV.delegationFunction}`,
      );
    }
    return undefined;
  }
  if (ticket === undefined) throw new RunnerEnvError(`${RUNNER_ENV.delegationTicket} is not set`);
  return functionName === undefined ? { kind: 'ipc', ticket } : { kind: 'lambda', functionName, ticket };
}
