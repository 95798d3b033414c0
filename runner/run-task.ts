import { ArgumentError, DataError, NotFoundError } from '../functions/domain/errors.js';
import { dslSchema } from '../functions/domain/job/dsl-schema.js';
import type { RoleParties } from '../functions/domain/job/roles.js';
import { parseOrThrow } from '../functions/domain/job/zod-errors.js';
import type { BoundTables } from '../functions/domain/ports/bound-tables.js';
import type { JobStore } from '../functions/domain/ports/job-store.js';
import type { ModelStore } from '../functions/domain/ports/model-store.js';
import type { ObjectStore } from '../functions/domain/ports/object-store.js';
import type { TableStore } from '../functions/domain/ports/table-store.js';
import type { TrackingStore } from '../functions/domain/ports/tracking-store.js';
import type { JobRecord } from '../functions/domain/records/job-record.js';
import { type TaskKey, type TaskRecord, taskKeyOf } from '../functions/domain/records/task-record.js';
import { isTaskStatus, type TaskStatus } from '../functions/domain/status/statuses.js';
import {
  ComponentExit,
  type ComponentLoader,
  type FederationChannel,
  type TaskThreads,
} from './components/component.js';
import { createComponentContext } from './context/component-context.js';
import { deployedModelSource, jobModelSource, type ModelSource } from './context/read-models.js';
import type { TaskLog } from './context/task-log.js';
import { errorReportOf } from './error-report.js';

/**
 * Proof of life while a component runs, for the detector's stale-heartbeat check: a component
 * that hangs (or blocks the event loop) stops beating, and the detector stops and fails its task.
 */
export interface TaskHeartbeat {
  readonly intervalMs: number;
  beat(key: TaskKey, at: number): Promise<void>;
}

export interface RunTaskDeps {
  readonly jobs: JobStore;
  readonly tracking: TrackingStore;
  /** Deployed models, for a predict job's `pipeline.*` model inputs. */
  readonly modelStore?: Pick<ModelStore, 'getModel'>;
  readonly objects: ObjectStore;
  /** The site's stored tables, for components that read one by name (Reader). */
  readonly tables?: TableStore;
  /** Where bound tables' rows are read (`flow table bind`). */
  readonly boundTables?: BoundTables;
  /**
   * What this runner may run (components/catalog.ts's `runnableComponents`, as its site opted in);
   * only the task's own component is loaded.
   */
  readonly components: readonly ComponentLoader[];
  /** @default Date.now */
  readonly now?: () => number;
  /** The task's log: the runner's logger, with the task's keys on every line. */
  readonly log: TaskLog;
  readonly heartbeat?: TaskHeartbeat;
  /**
   * The task's data plane to the other parties, built once the job's roles are read. Without it a
   * component that calls `ctx.federation` fails, saying so.
   */
  readonly federation?: (task: TaskKey, roles: RoleParties) => FederationChannel;
  /** Resolves the tasks' model inputs; by default the job's own models at this party (context/read-models.ts). */
  readonly models?: ModelSource;
  /** The task's threads (its cores); without them, components work on the runner's thread alone. */
  readonly threads?: TaskThreads;
}

export interface RunTaskResult {
  /**
   * `skipped`: the task was not running when the runner started (stopped, or a stale launch), so
   * nothing ran. Otherwise the task's party status afterwards: success or failed as written, or
   * the status another writer put first (e.g. canceled by a stop while the component ran).
   */
  readonly status: TaskStatus | 'skipped';
  /** What the runner process should exit with: 0, 1, or the code a component asked for. */
  readonly exitCode: number;
}

/**
 * Runs one task at this party: the component of the task's module, with the party's parameters
 * and the DSL's inputs, then records success or failed (with an error report) on the task. The
 * task must have been moved to `running` by whoever launched it; this only ends it.
 */
export async function runTask(deps: RunTaskDeps, key: TaskKey): Promise<RunTaskResult> {
  const now = deps.now ?? Date.now;
  const { log } = deps;
  // The job is read while the task is: the component needs both, and one store round trip fewer
  // in a row is a share of a small task's half second (docs/small-components.md). A task found not
  // running has read its job for nothing; that is rare, and the read changes nothing.
  const jobRead = deps.jobs.getJob({ jobId: key.jobId, role: key.role, partyId: key.partyId });
  // Its failure is the component's to report (runComponent), or nobody's when the task is not run.
  jobRead.catch(() => undefined);
  const task = await deps.jobs.getTask(key);
  if (task === undefined)
    throw new NotFoundError(`task ${key.component} v${key.taskVersion} of job ${key.jobId} not found`);
  if (task.partyStatus !== 'running') {
    log.info(`the task is ${task.partyStatus}, not running: nothing to do`);
    return { status: 'skipped', exitCode: 0 };
  }

  const startedAt = now();
  const stopHeartbeat = startHeartbeat(deps.heartbeat, taskKeyOf(task), now, log);
  let failure: unknown;
  try {
    await runComponent(deps, task, jobRead, now, log);
  } catch (error) {
    failure = error;
  } finally {
    stopHeartbeat();
  }

  const endTime = now();
  // From the launch when the launcher recorded it: a user's "elapsed" includes the container start.
  const elapsed = endTime - (task.startTime ?? startedAt);
  const to: TaskStatus = failure === undefined ? 'success' : 'failed';
  const errorReport = failure === undefined ? undefined : errorReportOf(failure);
  if (errorReport === undefined) log.info(`success in ${elapsed} ms`);
  else log.error(`failed after ${elapsed} ms`, { error_report: errorReport });
  // From running, as read at the start, without reading the task again: the end time is taken
  // before this write, so each round trip here is on the stage's path. A stop meanwhile fails the
  // condition, and the store reads the task and decides as without the guess.
  const written = await deps.jobs.updateTaskPartyStatus(
    taskKeyOf(task),
    to,
    errorReport === undefined ? { endTime, elapsed } : { endTime, elapsed, errorReport },
    task.partyStatus,
  );
  const status = written.outcome === 'updated' || !isTaskStatus(written.current) ? to : written.current;
  if (written.outcome === 'not_effective') log.warn(`the task is ${status} already: ${to} was not recorded`);
  return { status, exitCode: exitCodeOf(failure) };
}

async function runComponent(
  deps: RunTaskDeps,
  task: TaskRecord,
  jobRead: Promise<JobRecord | undefined>,
  now: () => number,
  log: TaskLog,
): Promise<void> {
  const { components } = deps;
  const entry = components.find((candidate) => candidate.module === task.module);
  if (entry === undefined) {
    const known = components.map((candidate) => candidate.module).join(', ') || 'none';
    throw new ArgumentError(`unknown module "${task.module}": this runner can run ${known}`);
  }
  // The component's code is loaded while the job is read; their failures are reported in that order.
  const [loaded, read] = await Promise.allSettled([entry.load(), jobRead]);
  if (loaded.status === 'rejected') throw loaded.reason;
  const component = loaded.value;
  if (!component.roles.includes(task.role)) {
    throw new ArgumentError(`${task.module} does not run at role ${task.role} (only ${component.roles.join(', ')})`);
  }
  if (read.status === 'rejected') throw read.reason;
  const job = read.value;
  if (job === undefined) throw new NotFoundError(`job ${task.jobId} (${task.role} ${task.partyId}) not found`);
  const spec = parseOrThrow(dslSchema, job.dsl, 'dsl').components[task.component];
  if (spec === undefined) throw new DataError(`the job's DSL has no component "${task.component}"`);
  const parameters = parseOrThrow(component.parameters, task.parameters, `${task.component}.parameters`);
  const federation = deps.federation?.(taskKeyOf(task), job.roles);
  const { modelStore } = deps;
  const jobModels = deps.models ?? jobModelSource(deps);
  const models =
    modelStore === undefined || job.jobType !== 'predict'
      ? jobModels
      : deployedModelSource(jobModels, deps.objects, () =>
          modelStore.getModel(job.modelVersion, task.role, task.partyId),
        );
  const ctx = await createComponentContext(
    {
      tracking: deps.tracking,
      objects: deps.objects,
      skippedHere: async (component) => {
        const upstream = await deps.jobs.listTasks(task.jobId, {
          component,
          role: task.role,
          partyId: task.partyId,
          latestOnly: true,
        });
        return upstream.length > 0 && upstream.every((candidate) => !candidate.needRun);
      },
      now,
      log: (message) => log.info(message),
      ...(deps.tables === undefined ? {} : { tables: deps.tables }),
      ...(deps.boundTables === undefined ? {} : { boundTables: deps.boundTables }),
      ...(federation === undefined ? {} : { federation }),
      models,
      ...(deps.threads === undefined ? {} : { threads: deps.threads }),
    },
    task,
    parameters,
    spec,
  );
  log.info(`running ${task.module}`);
  await component.run(ctx);
}

function startHeartbeat(
  heartbeat: TaskHeartbeat | undefined,
  key: TaskKey,
  now: () => number,
  log: TaskLog,
): () => void {
  if (heartbeat === undefined) return () => {};
  const timer = setInterval(() => {
    // A missed beat is not the task's failure: the detector tolerates a few before it acts.
    heartbeat
      .beat(key, now())
      .catch((error: unknown) => log.warn('heartbeat failed', { error_report: errorReportOf(error) }));
  }, heartbeat.intervalMs);
  return () => clearInterval(timer);
}

function exitCodeOf(failure: unknown): number {
  if (failure === undefined) return 0;
  return failure instanceof ComponentExit ? failure.exitCode : 1;
}
