import { describe, expect, it } from '@jest/globals';
import { component, GUEST, jobOf, sleep, startSchedulingFederation } from './support.js';

const job = jobOf({ arbiter: false, components: { a_0: component('PassThrough') } });

/**
 * `flow local down` (and every test's teardown) stops the sites while requests may be under way.
 * A request being handled must finish, or be cut off before it touches the store, but never write
 * to a store that has been closed: dynalite then throws "Database is closed" from a timer, an
 * uncaught exception that takes the whole process down.
 */
describe('a federation stopped while its API is handling requests', () => {
  it('stops without anything writing to a closed store', async () => {
    const uncaught: string[] = [];
    const onUncaught = (error: unknown) => uncaught.push(String(error));
    process.on('uncaughtException', onUncaught);
    try {
      const federation = await startSchedulingFederation();
      // Submits write at the guest, then call the host: several are in flight when the stop comes.
      const inFlight = Array.from({ length: 8 }, () =>
        federation
          .post(GUEST, '/v1/job/submit', { job_dsl: job.dsl, job_runtime_conf: job.conf })
          .catch((error: unknown) => error),
      );
      await sleep(30);
      await federation.stop();
      await Promise.all(inFlight);
      // What the cut-off handlers still do happens on later ticks.
      await sleep(1_000);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  }, 30_000);
});
