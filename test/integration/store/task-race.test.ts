import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DynamoJobStore } from '../../../functions/adapters/dynamodb/job-store.js';
import type { StatusWriteResult } from '../../../functions/domain/ports/job-store.js';
import { taskKeyOf } from '../../../functions/domain/records/task-record.js';
import { TASK_STATUSES, type TaskStatus } from '../../../functions/domain/status/statuses.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { TASK_EDGES } from '../../unit/domain/status/fate-tables.js';
import { newJobId, taskRecord } from './records.js';

let local: LocalDynamo;
let store: DynamoJobStore;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoJobStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

/**
 * Racers per task: enough that every status is drawn many times over and a long chain of moves
 * forms (each accepted move sends every other racer back to re-read). 200 cost twice the CPU of 100
 * on dynalite for no other kind of outcome.
 */
const RACERS = 100;

/** RACERS target statuses drawn from every task status with a fixed seed (the run is reproducible). */
function randomTargets(seed: number): TaskStatus[] {
  const [targets] = fc.sample(fc.array(fc.constantFrom(...TASK_STATUSES), { minLength: RACERS, maxLength: RACERS }), {
    numRuns: 1,
    seed,
  });
  if (targets === undefined) throw new Error('no sample');
  return targets;
}

describe(`${RACERS} concurrent party-status updates racing on one task`, () => {
  it.each([1, 2, 3])(
    'leave a history of allowed, chained moves that ends in the stored status (seed %i)',
    async (seed) => {
      const task = taskRecord({ jobId: newJobId() });
      await store.createTasks([task]);
      const targets = randomTargets(seed);

      const results: StatusWriteResult[] = await Promise.all(
        targets.map((to) => store.updateTaskPartyStatus(taskKeyOf(task), to)),
      );

      const stored = await store.getTask(taskKeyOf(task));
      const history = stored?.statusHistory ?? [];
      expect(history.length).toBeGreaterThan(0);
      // Every entry is an edge of FATE's table, and each starts where the previous one ended.
      history.forEach((change, i) => {
        expect(TASK_EDGES[change.from]).toContain(change.to);
        expect(change.from).toBe(i === 0 ? 'waiting' : history[i - 1]?.to);
      });
      expect(stored?.partyStatus).toBe(history.at(-1)?.to);
      // One accepted write per history entry, each reporting the status it replaced.
      const accepted = results.flatMap((result, i) =>
        result.outcome === 'updated' ? [{ from: result.from, to: targets[i] }] : [],
      );
      expect(
        accepted.sort(
          (a, b) => history.findIndex((h) => h.from === a.from) - history.findIndex((h) => h.from === b.from),
        ),
      ).toEqual(history.map((change) => ({ from: change.from, to: change.to })));
      // Every refusal names a status the task really held.
      for (const result of results) {
        if (result.outcome === 'not_effective')
          expect(['waiting', ...history.map((h) => h.to)]).toContain(result.current);
      }
    },
  );
});
