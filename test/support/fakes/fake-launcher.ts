import type { JobStore } from '../../../functions/domain/ports/job-store.js';
import type { TaskExit, TaskExitListener, TaskLauncher } from '../../../functions/domain/ports/task-launcher.js';
import { type TaskKey, taskKeyOf } from '../../../functions/domain/records/task-record.js';

export interface Launch {
  readonly task: TaskKey;
  readonly cores: number;
  readonly workerId: string;
}

export interface StopCall {
  readonly workerId: string;
  readonly reason: string;
}

/** Which launched task a test means: its component, and its role and version when several match. */
export interface LaunchQuery {
  readonly component: string;
  /** When the site runs several jobs. */
  readonly jobId?: string;
  readonly role?: TaskKey['role'];
  readonly taskVersion?: number;
}

/**
 * A launcher with no processes: it records each launch and stop, and lets a test end a task as
 * the runner would — the runner writes its task's end itself (`succeed`, `fail`), then its worker
 * exits and the launcher reports the exit — or make the worker die without a word (`crash`), or
 * hang (nothing happens: the worker runs on without a heartbeat).
 */
export class FakeLauncher implements TaskLauncher {
  readonly launches: Launch[] = [];
  readonly stops: StopCall[] = [];
  /** Makes the next launches throw, as a launcher that cannot start a task does. */
  failLaunchesWith: string | undefined;
  private readonly running = new Set<string>();

  constructor(
    private readonly jobs: JobStore,
    private readonly clock: () => number,
    /** Set by the site once its services exist: the launcher's exit listener. */
    public onExit: TaskExitListener = () => undefined,
  ) {}

  async launch(task: TaskKey & { readonly cores: number }, workerId: string): Promise<void> {
    if (this.failLaunchesWith !== undefined) throw new Error(this.failLaunchesWith);
    this.launches.push({ task: taskKeyOf(task), cores: task.cores, workerId });
    this.running.add(workerId);
  }

  async stop(workerId: string, reason: string): Promise<void> {
    this.stops.push({ workerId, reason });
    this.running.delete(workerId);
  }

  async isRunning(workerId: string): Promise<boolean> {
    return this.running.has(workerId);
  }

  /** The one launch that matches (throws when none or several do). */
  launched(query: LaunchQuery): Launch {
    const matches = this.launches.filter(
      (launch) =>
        launch.task.component === query.component &&
        (query.jobId === undefined || launch.task.jobId === query.jobId) &&
        (query.role === undefined || launch.task.role === query.role) &&
        (query.taskVersion === undefined || launch.task.taskVersion === query.taskVersion),
    );
    const [only, ...others] = matches;
    if (only === undefined || others.length > 0) {
      throw new Error(`${matches.length} launches match ${JSON.stringify(query)}`);
    }
    return only;
  }

  /** Workers launched and neither stopped nor exited. */
  runningWorkers(): Launch[] {
    return this.launches.filter((launch) => this.running.has(launch.workerId));
  }

  /** The runner finished its component: it writes success, then its process exits 0. */
  async succeed(query: LaunchQuery): Promise<void> {
    await this.end(query, 'success');
  }

  /** The component failed: the runner writes failed with its error report, then exits 1. */
  async fail(query: LaunchQuery, errorReport: string): Promise<void> {
    await this.end(query, 'failed', errorReport);
  }

  /** Every running worker succeeds, in launch order. */
  async succeedAll(): Promise<void> {
    for (const launch of this.runningWorkers()) {
      await this.succeed({
        component: launch.task.component,
        role: launch.task.role,
        taskVersion: launch.task.taskVersion,
      });
    }
  }

  /** Every running worker proves it is alive, as a runner does every few seconds. */
  async beat(): Promise<void> {
    for (const launch of this.runningWorkers()) await this.jobs.recordTaskHeartbeat(launch.task, this.clock());
  }

  /** The worker dies without writing anything (kill -9, out of memory): only its exit is reported. */
  async crash(query: LaunchQuery, reason: string): Promise<void> {
    const { workerId } = this.launched(query);
    this.running.delete(workerId);
    await this.onExit({ workerId, exitCode: null, reason });
  }

  /** The worker is gone, and nobody was told (a lost ECS task): only `isRunning` says so. */
  vanish(query: LaunchQuery): void {
    this.running.delete(this.launched(query).workerId);
  }

  private async end(query: LaunchQuery, status: 'success' | 'failed', errorReport?: string): Promise<void> {
    const launch = this.launched(query);
    const task = await this.jobs.getTask(launch.task);
    const endTime = this.clock();
    await this.jobs.updateTaskPartyStatus(launch.task, status, {
      endTime,
      elapsed: endTime - (task?.startTime ?? endTime),
      ...(errorReport === undefined ? {} : { errorReport }),
    });
    this.running.delete(launch.workerId);
    const exit: TaskExit = {
      workerId: launch.workerId,
      exitCode: status === 'success' ? 0 : 1,
      reason: status === 'success' ? 'exit code 0' : 'exit code 1',
    };
    await this.onExit(exit);
  }
}
