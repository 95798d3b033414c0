import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LaunchEnv,
  runnerEnvironment,
  type SiteRunnerEnv,
} from '../../functions/adapters/launchers/runner-environment.js';
import {
  RUNNER_ENV,
  type TaskExit,
  type TaskExitListener,
  type TaskLauncher,
} from '../../functions/domain/ports/task-launcher.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import type { StoredTransfer } from '../../runner/context/transfer-arrivals.js';
import type { RunnerInstrumentation } from '../metering/runner-metering.js';
import { type DelegateKey, serveDelegations } from './delegation-channel.js';
import { runnerBundle } from './runner-bundle.js';
import { hearTaskEnd, type TaskEndedListener } from './task-end-channel.js';
import { taskLogPath } from './task-log-path.js';
import { hearStoredTransfers, isAddressedTo, tellRunner } from './transfer-wakeups.js';
import { type LeftoverWorkers, WorkerFiles } from './worker-files.js';

/** The project root: the child runs there so that `--import tsx` resolves from our node_modules, and the bundle is built from it. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessTaskLauncherOptions {
  /** The site's part of RUNNER_ENV: table, DynamoDB endpoint, objects folder, party id. */
  readonly env: SiteRunnerEnv;
  readonly onExit: TaskExitListener;
  /** Each task's stdout and stderr go to `taskLogPath(logsDir, task)`. */
  readonly logsDir: string;
  /** Where each runner under way has its file (worker-files.ts), for the site's next start. */
  readonly workersDir: string;
  /**
   * A TypeScript entry to run under tsx instead of the runner's bundle (tests point it at a
   * stand-in). @default the bundle of runner/entry.ts (runner-bundle.ts), as the Fargate image runs
   * it; runner/entry.ts under tsx when `instrument` is given
   */
  readonly runnerEntry?: string;
  /** How long a stopped task has after SIGTERM before SIGKILL. @default 5000 */
  readonly stopGraceMs?: number;
  /** Told when the exit listener throws (it runs detached from any caller). @default a line on stderr */
  readonly onListenerError?: (error: unknown, exit: TaskExit) => void;
  /** Meters each runner (local/metering): extra node arguments and environment, told of each exit. */
  readonly instrument?: RunnerInstrumentation;
  /** Each launch's own variables (its delegation ticket). @default none */
  readonly launchEnv?: LaunchEnv;
  /**
   * Certifies a runner's ephemeral key, asked over the child's IPC channel (opened only when
   * given): the local counterpart of the AWS `delegation` function. @default no channel
   */
  readonly delegate?: DelegateKey;
  /**
   * Told when a runner says its task's end is written (over the IPC channel, so only with
   * `delegate`), before its exit: the site reports the task at once. The exit is reported to
   * `onExit` only once this is done. @default not told
   */
  readonly onEnded?: TaskEndedListener;
}

interface Worker {
  readonly child: ChildProcess;
  readonly task: TaskKey;
  /** Resolves once the exit is reported to the listener. */
  readonly reported: Promise<void>;
  readonly cores: number;
  readonly spawnedAt: number;
  /** The report the runner's word of its end started, if it did. */
  readonly reporting: () => Promise<void> | undefined;
  stopReason?: string;
  killTimer?: NodeJS.Timeout;
  /** Killed by the site's shutdown: its exit is not reported (the task is resumed after the restart). */
  interrupted?: boolean;
}

/**
 * The local runtime's TaskLauncher: each task is a child process running the same runner entry
 * as the Fargate container, with the same environment. It reports every exit to `onExit`, as
 * ECS's task-state-change event does in AWS — but for the runners the site's shutdown kills
 * (`close()`): those are recorded as interrupted in their worker files and left running in the
 * store, so the restarted site can run them again without counting a failure.
 */
export class ProcessTaskLauncher implements TaskLauncher {
  private readonly workers = new Map<string, Worker>();
  /** Worker ids between launch() and their spawn: a concurrent second launch of one must not start a second runner. */
  private readonly launching = new Map<string, Promise<void>>();
  private readonly entry: string | undefined;
  private readonly stopGraceMs: number;
  private readonly files: WorkerFiles;
  private closed = false;
  /** Workers the shutdown stopped or did not start. */
  private readonly interrupted = new Set<string>();

  constructor(private readonly options: ProcessTaskLauncherOptions) {
    this.entry = options.runnerEntry;
    // Built (or found built) while the site starts, so that the first task does not wait for it;
    // a failure is the first launch's to report.
    if (this.entry === undefined && options.instrument === undefined) runnerBundle(ROOT).catch(() => undefined);
    this.stopGraceMs = options.stopGraceMs ?? 5000;
    this.files = new WorkerFiles(options.workersDir);
  }

  /**
   * What the site's previous run left (call before the first launch): its orphaned runners are
   * killed, and the workers its shutdown interrupted are returned.
   */
  recover(): Promise<LeftoverWorkers> {
    return this.files.clearLeftovers();
  }

  /**
   * Launching a worker id that is still running does nothing: a retried launch starts no second
   * runner. Once the site is shutting down nothing starts: the worker is recorded as interrupted.
   */
  async launch(task: TaskKey & { readonly cores: number }, workerId: string): Promise<void> {
    if (this.closed) {
      this.interrupted.add(workerId);
      await this.files.interrupted(workerId, null);
      return;
    }
    if (this.workers.has(workerId) || this.launching.has(workerId)) return;
    const spawning = this.spawnRunner(task, workerId);
    this.launching.set(workerId, spawning);
    try {
      await spawning;
    } finally {
      this.launching.delete(workerId);
    }
  }

  private async spawnRunner(task: TaskKey & { readonly cores: number }, workerId: string): Promise<void> {
    // The launch's own variables (its delegation ticket, a store write) are made while the log
    // is opened: both come before the spawn, on the path of every task's start.
    const launching = this.options.launchEnv?.(task, workerId);
    launching?.catch(() => undefined);
    const { delegate } = this.options;
    const instrument = this.options.instrument;
    const logPath = taskLogPath(this.options.logsDir, task);
    await mkdir(dirname(logPath), { recursive: true });
    // Appended, so that a relaunch of the same version keeps the earlier attempt's lines.
    const log = await open(logPath, 'a');
    try {
      const env = runnerEnvironment(this.options.env, task, (await launching) ?? {});
      await log.write(
        `--- ${new Date().toISOString()} worker ${workerId} starts ${task.component} v${task.taskVersion}\n`,
      );
      // The worker id as an argument: its command line names it (worker-files.ts checks a pid by it).
      const command = await this.runnerCommand();
      const child = spawn(process.execPath, [...command.args, workerId], {
        cwd: ROOT,
        env: { ...inheritedEnv(), ...command.env, ...env, ...instrument?.envFor(workerId) },
        stdio: delegate === undefined ? ['ignore', log.fd, log.fd] : ['ignore', log.fd, log.fd, 'ipc'],
      });
      let reporting = (): Promise<void> | undefined => undefined;
      if (delegate !== undefined) {
        serveDelegations(child, task, delegate);
        hearStoredTransfers(child, task, (stored) => this.transferStored(stored));
        if (this.options.onEnded !== undefined) reporting = hearTaskEnd(child, task, this.options.onEnded).reporting;
      }
      // Registered before awaiting 'spawn', so an exit can never be missed.
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      // A failed spawn rejects both; the caller hears of it from `once(child, 'spawn')` below.
      exited.catch(() => undefined);
      await once(child, 'spawn');
      const worker: Worker = {
        child,
        task,
        cores: task.cores,
        spawnedAt: performance.now(),
        reporting,
        reported: exited.then(([code, signal]) => this.exited(workerId, code, signal)),
      };
      this.workers.set(workerId, worker);
      if (child.pid !== undefined) await this.files.started(workerId, child.pid);
    } finally {
      // The child has its own copy of the descriptor.
      await log.close();
    }
  }

  /**
   * Node's arguments before the worker id, and what the command adds to the environment: the
   * runner's bundle in plain Node, with V8's compile cache beside it (the bundle is compiled once,
   * not at every task's start: docs/task-start.md); under tsx, a test's stand-in entry, or
   * runner/entry.ts when the site is metered (the meter's preload wraps the store clients as
   * node_modules exports them, which a bundle carries copies of).
   */
  private async runnerCommand(): Promise<{ readonly args: string[]; readonly env: NodeJS.ProcessEnv }> {
    const preload = this.options.instrument?.nodeArgs ?? [];
    const entry = this.entry ?? (preload.length > 0 ? join(ROOT, 'runner', 'entry.ts') : undefined);
    if (entry !== undefined) return { args: ['--import', 'tsx', ...preload, entry], env: {} };
    const bundle = await runnerBundle(ROOT);
    return { args: [bundle], env: { NODE_COMPILE_CACHE: join(dirname(bundle), 'compile-cache') } };
  }

  /**
   * A part for its addressee was stored at this site: its runner, if it runs here with an IPC
   * channel, is handed it at once (a waiting `get` returns without waiting for its poll, and
   * without reading the part back from the store).
   */
  transferStored(stored: StoredTransfer): void {
    for (const worker of this.workers.values()) {
      if (isAddressedTo(stored, worker.task)) tellRunner(worker.child, stored);
    }
  }

  /** SIGTERM (the runner writes nothing and exits 143), then SIGKILL after the grace period. */
  async stop(workerId: string, reason: string): Promise<void> {
    const worker = this.workers.get(workerId);
    if (worker === undefined || worker.stopReason !== undefined) return;
    worker.stopReason = reason;
    worker.child.kill('SIGTERM');
    worker.killTimer = setTimeout(() => worker.child.kill('SIGKILL'), this.stopGraceMs);
  }

  async isRunning(workerId: string): Promise<boolean> {
    // One being spawned counts: the task is already marked running. So does one the shutdown
    // stopped: its task is resumed after the restart, and a detector pass still under way during
    // the shutdown must not fail it as dead.
    return this.workers.has(workerId) || this.launching.has(workerId) || this.interrupted.has(workerId);
  }

  /**
   * The site shuts down: every runner is killed at once and recorded as interrupted, its exit not
   * reported (its task stays running in the store until the site's next start); later launches
   * start nothing. Waits until every runner has exited.
   */
  async close(): Promise<void> {
    this.closed = true;
    // Runners being spawned are among those the shutdown stops.
    await Promise.allSettled([...this.launching.values()]);
    const workers = [...this.workers.entries()];
    await Promise.all(workers.map(([workerId, worker]) => this.interrupt(workerId, worker)));
    await Promise.all(workers.map(([, worker]) => worker.reported));
  }

  private async interrupt(workerId: string, worker: Worker): Promise<void> {
    if (worker.interrupted) return;
    worker.interrupted = true;
    this.interrupted.add(workerId);
    await this.files.interrupted(workerId, worker.child.pid ?? null);
    worker.child.kill('SIGKILL');
  }

  private async exited(workerId: string, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const worker = this.workers.get(workerId);
    this.workers.delete(workerId);
    clearTimeout(worker?.killTimer);
    const how = signal === null ? `exit code ${code ?? 'unknown'}` : `killed by ${signal}`;
    const reason = worker?.stopReason === undefined ? how : `${how} (stopped: ${worker.stopReason})`;
    const exit: TaskExit = { workerId, exitCode: signal === null ? code : null, reason };
    if (worker !== undefined)
      await this.options.instrument?.exited(workerId, worker.cores, performance.now() - worker.spawnedAt);
    if (worker?.interrupted) return;
    // The report the runner's word started first: the exit then finds the task reported.
    await worker?.reporting();
    await this.files.ended(workerId);
    try {
      await this.options.onExit(exit);
    } catch (error) {
      if (this.options.onListenerError !== undefined) this.options.onListenerError(error, exit);
      else process.stderr.write(`task exit listener failed for ${workerId}: ${String(error)}\n`);
    }
  }
}

/** This process's environment without any RUNNER_ENV variable: the task's own must not be shadowed or mixed. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const names = new Set<string>(Object.values(RUNNER_ENV));
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.has(name)));
}
