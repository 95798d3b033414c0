import type { MessagePort } from 'node:worker_threads';
import type { WorkerKind } from './components/component.js';
import { servePaillierWorker } from './components/hetero-lr/paillier-worker.js';

/** What entry.ts hands a worker thread it started, so that the same file knows what to serve. */
export interface RunnerWorkerData {
  readonly fateFlowWorker: WorkerKind;
}

export function isRunnerWorkerData(data: unknown): data is RunnerWorkerData {
  return typeof data === 'object' && data !== null && (data as RunnerWorkerData).fateFlowWorker === 'paillier';
}

/** The runner's file entered as a worker thread (TaskThreads.start): serves its kind of work until terminated. */
export function serveWorker(data: RunnerWorkerData, port: MessagePort): void {
  switch (data.fateFlowWorker) {
    case 'paillier':
      servePaillierWorker(port);
      return;
  }
}
