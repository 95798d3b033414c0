// A Paillier worker thread for tests: what runner/entry.ts serves when entered as a worker, without
// the rest of the runner (started through tsx, since the thread does not share jest's transform).
import { parentPort } from 'node:worker_threads';
import { servePaillierWorker } from '../../runner/components/hetero-lr/paillier-worker.js';

if (parentPort === null) throw new Error('paillier-worker-thread.ts runs as a worker thread');
servePaillierWorker(parentPort);
