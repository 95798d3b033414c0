import type { MessagePort } from 'node:worker_threads';
import type { WorkerKind } from './components/component.js';

/** What entry.ts hands a worker thread it starts, so that thread-entry.ts knows what to serve. */
export interface RunnerWorkerData {
  readonly fateFlowWorker: WorkerKind;
}

export function isRunnerWorkerData(data: unknown): data is RunnerWorkerData {
  return typeof data === 'object' && data !== null && (data as RunnerWorkerData).fateFlowWorker === 'paillier';
}

/**
 * A runner's worker thread (thread-entry.ts, which TaskThreads.start enters): serves its kind of
 * work until terminated. The work's code is imported here, so that a task process that starts no
 * thread never loads it.
 */
export async function serveWorker(data: RunnerWorkerData, port: MessagePort): Promise<void> {
  switch (data.fateFlowWorker) {
    case 'paillier': {
      const { servePaillierWorker } = await import('./components/hetero-lr/paillier-worker.js');
      servePaillierWorker(port);
      return;
    }
  }
}
