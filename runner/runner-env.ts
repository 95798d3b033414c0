import { isRole } from '../functions/domain/job/roles.js';
import { RUNNER_ENV, RUNNER_HEARTBEAT_MS } from '../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';

/** Where the runner keeps objects: a folder (local runtime) or a bucket (AWS). */
export type ObjectsLocation =
  | { readonly kind: 'dir'; readonly dir: string }
  | { readonly kind: 'bucket'; readonly bucket: string };

/** Where the runner reads its site's signing keys: the local key file, or the AWS secret. */
export type SigningKeysLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'secret'; readonly secretId: string };

/** The runner's environment, read and checked (RUNNER_ENV is the contract with the launchers). */
export interface RunnerConfig {
  readonly task: TaskKey;
  readonly tableName: string;
  /** dynalite's endpoint locally; undefined in AWS (the SDK's default endpoint, region and credentials). */
  readonly dynamodbEndpoint: string | undefined;
  readonly objects: ObjectsLocation;
  /** How often the runner writes the task's heartbeat. */
  readonly heartbeatMs: number;
  /** The site's signing keys for the data plane; undefined: values can go only to this site's own tasks. */
  readonly signingKeys: SigningKeysLocation | undefined;
  /** PEM of the CA peers' federation certificates chain to (local); undefined: the public roots (AWS). */
  readonly federationCa: string | undefined;
  /** AWS: the site's event bus, to announce the task's end at once; undefined locally (the exit does). */
  readonly eventBusName: string | undefined;
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
  const bus = env[RUNNER_ENV.eventBusName];
  return {
    task,
    tableName: required(env, RUNNER_ENV.tableName),
    dynamodbEndpoint: endpoint === undefined || endpoint === '' ? undefined : endpoint,
    objects,
    heartbeatMs:
      heartbeat === undefined || heartbeat === '' ? RUNNER_HEARTBEAT_MS : integer(env, RUNNER_ENV.heartbeatMs, 1),
    signingKeys: signingKeysOf(env),
    federationCa: ca === undefined || ca === '' ? undefined : ca,
    eventBusName: bus === undefined || bus === '' ? undefined : bus,
  };
}

function signingKeysOf(env: Env): SigningKeysLocation | undefined {
  const path = env[RUNNER_ENV.signingKeyFile];
  const secretId = env[RUNNER_ENV.signingKeySecretArn];
  const hasPath = path !== undefined && path !== '';
  const hasSecret = secretId !== undefined && secretId !== '';
  if (hasPath && hasSecret) {
    throw new RunnerEnvError(
      `${RUNNER_ENV.signingKeyFile} and ${RUNNER_ENV.signingKeySecretArn} are both set; set one`,
    );
  }
  if (hasPath) return { kind: 'file', path };
  return hasSecret ? { kind: 'secret', secretId } : undefined;
}
