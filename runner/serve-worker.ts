import type { MessagePort } from 'node:worker_threads';
import type { WorkerKind } from './components/component.js';

/** What entry.ts hands a worker thread it started, so that the same file knows what to serve. */
export interface RunnerWorkerData {
  readonly fateFlowWorker: WorkerKind;
}

export function isRunnerWorkerData(data: unknown): data is RunnerWorkerData {
  return typeof data === 'object' && data !== null && (data as RunnerWorkerData).fateFlowWorker === 'paillier';
}

/**
 * The runner's file entered as a worker thread (TaskThreads.start): serves its kind of work until
 * terminated. The work's code is imported here, so that a task process that starts no thread never loads it.
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
