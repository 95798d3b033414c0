/**
 * The runners a site has under way, one small file each in the site's folder
 * (`workers/<workerId>.json`: its process id, and whether the site's shutdown stopped it), so that
 * the site's next start knows what its last run left behind:
 * - kill -9 of the site does not kill its children: a runner still alive is an orphan whose store
 *   endpoint died with the site; it is killed (after checking the pid still runs that worker);
 * - a task a graceful shutdown stopped (`interrupted`) is told apart from one a crash killed.
 * A runner that exits while the site runs has its file removed.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface WorkerFile {
  /** null: the launch came after the shutdown began, and no process was started. */
  readonly pid: number | null;
  /** Stopped by the site's shutdown rather than by a crash. */
  readonly interrupted: boolean;
}

/** What a site's previous run left: the workers a shutdown stopped, the orphans killed now. */
export interface LeftoverWorkers {
  readonly interrupted: ReadonlySet<string>;
  readonly orphansKilled: readonly string[];
}

const SUFFIX = '.json';

function parse(text: string): WorkerFile | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, interrupted } = value as Record<string, unknown>;
    const validPid = pid === null || (typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0);
    return validPid && typeof interrupted === 'boolean' ? { pid: pid as number | null, interrupted } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether process `pid` is the runner of `workerId` (its command line names the worker): never a reused pid. */
async function runsWorker(pid: number, workerId: string): Promise<boolean> {
  try {
    const { stdout } = await promisify(execFile)('ps', ['-o', 'args=', '-p', String(pid)]);
    return stdout.split(/\s+/).includes(workerId);
  } catch {
    // ps exits 1 when there is no such process.
    return false;
  }
}

export class WorkerFiles {
  constructor(private readonly dir: string) {}

  async started(workerId: string, pid: number): Promise<void> {
    await this.write(workerId, { pid, interrupted: false });
  }

  async interrupted(workerId: string, pid: number | null): Promise<void> {
    await this.write(workerId, { pid, interrupted: true });
  }

  async ended(workerId: string): Promise<void> {
    await rm(this.path(workerId), { force: true });
  }

  /**
   * At the site's start, before any launch: every file is read and removed, a runner still alive
   * is killed (SIGKILL), and the workers the last shutdown stopped are returned.
   */
  async clearLeftovers(): Promise<LeftoverWorkers> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const interrupted = new Set<string>();
    const orphansKilled: string[] = [];
    for (const name of names.filter((entry) => entry.endsWith(SUFFIX))) {
      const workerId = name.slice(0, -SUFFIX.length);
      const file = parse(await readFile(join(this.dir, name), 'utf8').catch(() => ''));
      if (file?.interrupted) interrupted.add(workerId);
      if (file?.pid != null && (await runsWorker(file.pid, workerId))) {
        try {
          process.kill(file.pid, 'SIGKILL');
          orphansKilled.push(workerId);
        } catch {
          // It exited between the check and the kill.
        }
      }
      await rm(join(this.dir, name), { force: true });
    }
    return { interrupted, orphansKilled };
  }

  private path(workerId: string): string {
    return join(this.dir, `${workerId}${SUFFIX}`);
  }

  private async write(workerId: string, file: WorkerFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.path(workerId), `${JSON.stringify(file)}\n`);
  }
}
