/**
 * A runner's worker thread (entry.ts's TaskThreads.start): the file a Paillier worker is started
 * from, in the bundle (`thread-entry.mjs` beside `runner.mjs`) and under a TypeScript loader alike.
 * It imports only what a worker serves, not the runner's entry with its store clients, schemas and
 * components: a worker's start loads a few small chunks instead of the runner's whole closure
 * (≈ 0.17–0.21 s of CPU per thread before, docs/paillier.md "On every core").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isRunnerWorkerData, serveWorker } from './serve-worker.js';

if (isRunnerWorkerData(workerData) && parentPort !== null) await serveWorker(workerData, parentPort);
