import { Worker } from 'node:worker_threads';
import type { TaskThreads } from '../../runner/components/component.js';

/** `count` real worker threads serving Paillier work, as a runner with that many cores starts them. */
export function testThreads(
  count: number,
  script = new URL('./paillier-worker-thread.ts', import.meta.url),
): TaskThreads {
  return { count, start: () => new Worker(script, { execArgv: ['--import', 'tsx'] }) };
}
