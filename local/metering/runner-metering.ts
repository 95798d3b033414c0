import { mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunnerCounts, SiteMeter } from './site-meter.js';

/** Where a metered runner writes its counts at exit. */
export const RUNNER_METER_FILE_ENV = 'FATE_FLOW_METER_FILE';

const PRELOAD = fileURLToPath(new URL('./runner-meter-preload.ts', import.meta.url));

/** What the process launcher needs to meter its runners (process-task-launcher.ts `instrument`). */
export interface RunnerInstrumentation {
  /** Extra `node` arguments (after `--import tsx`). */
  readonly nodeArgs: readonly string[];
  envFor(workerId: string): Readonly<Record<string, string>>;
  /** The runner exited after `lifetimeMs`; its counts are read and added to the site's meter. */
  exited(workerId: string, cores: number, lifetimeMs: number): Promise<void>;
}

/** Runners that write their counts under `dir` (one file per worker id) into `meter`. */
export function runnerInstrumentation(meter: SiteMeter, dir: string): RunnerInstrumentation {
  mkdirSync(dir, { recursive: true });
  const fileOf = (workerId: string) => join(dir, `meter-${workerId.replace(/[^\w.-]/g, '_')}.json`);
  return {
    nodeArgs: ['--import', PRELOAD],
    envFor: (workerId) => ({ [RUNNER_METER_FILE_ENV]: fileOf(workerId) }),
    async exited(workerId, cores, lifetimeMs) {
      let counts: RunnerCounts | undefined;
      try {
        counts = JSON.parse(await readFile(fileOf(workerId), 'utf8')) as RunnerCounts;
        await rm(fileOf(workerId), { force: true });
      } catch {
        // A runner killed with SIGKILL writes nothing: its lifetime still counts, its requests are lost.
        counts = undefined;
      }
      meter.taskEnded(cores, lifetimeMs / 1000, counts);
    },
  };
}
