import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { combinePartyTaskStatuses, jobStatusFromTasks } from '../../../../functions/domain/status/multi-party.js';
import {
  END_STATUSES,
  isEndStatus,
  SchedulingStatusCode,
  STATUSES,
  type Status,
  TASK_STATUSES,
  type TaskStatus,
} from '../../../../functions/domain/status/statuses.js';
import { canTransition, type StatusKind } from '../../../../functions/domain/status/transitions.js';
import { fateRow } from './fate-tables.js';

const kind = fc.constantFrom<StatusKind>('job', 'task');
const status = fc.constantFrom<Status>(...STATUSES);
const taskStatus = fc.constantFrom<TaskStatus>(...TASK_STATUSES);
const code = fc.constantFrom(...Object.values(SchedulingStatusCode));

/** A non-empty array of task statuses together with a random permutation of it. */
const statusesAndPermutation = fc
  .array(taskStatus, { minLength: 1, maxLength: 12 })
  .chain((statuses) =>
    fc.tuple(
      fc.constant(statuses),
      fc.shuffledSubarray(statuses, { minLength: statuses.length, maxLength: statuses.length }),
    ),
  );

/** A result or the thrown error, so that "both throw the same error" also counts as agreeing. */
function outcome<T>(compute: () => T): { value: T } | { error: string } {
  try {
    return { value: compute() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

describe('status properties', () => {
  it('combinePartyTaskStatuses does not depend on the order parties report in', () => {
    fc.assert(
      fc.property(statusesAndPermutation, ([statuses, shuffled]) => {
        expect(combinePartyTaskStatuses(shuffled)).toBe(combinePartyTaskStatuses(statuses));
      }),
    );
  });

  it('jobStatusFromTasks does not depend on the order of the tasks', () => {
    fc.assert(
      fc.property(statusesAndPermutation, code, fc.boolean(), ([statuses, shuffled], scheduling, cancelSignal) => {
        const original = outcome(() => jobStatusFromTasks(statuses, scheduling, { cancelSignal }));
        const permuted = outcome(() => jobStatusFromTasks(shuffled, scheduling, { cancelSignal }));
        expect(permuted).toEqual(original);
      }),
    );
  });

  it('an ended job or task only moves, without rerun, along an edge of FATE’s table', () => {
    fc.assert(
      fc.property(kind, fc.constantFrom(...END_STATUSES), status, (k, from, to) => {
        if (canTransition(k, from, to, { rerun: false })) {
          expect(fateRow(k, from)).toContain(to);
        }
      }),
    );
  });

  it('a job or task in success, failed or pass never moves without rerun', () => {
    fc.assert(
      fc.property(kind, fc.constantFrom<Status>('success', 'failed', 'pass'), status, (k, from, to) => {
        expect(canTransition(k, from, to, { rerun: false })).toBe(false);
      }),
    );
  });

  it('a random walk without rerun never leaves a terminal task status', () => {
    const terminal: readonly Status[] = ['failed', 'pass', 'success'];
    fc.assert(
      fc.property(taskStatus, fc.array(status, { maxLength: 30 }), (start, targets) => {
        let current: Status = start;
        let reachedTerminal = terminal.includes(current);
        for (const target of targets) {
          if (canTransition('task', current, target)) {
            expect(reachedTerminal).toBe(false);
            current = target;
            reachedTerminal = terminal.includes(current);
          }
        }
        expect(TASK_STATUSES).toContain(current);
      }),
    );
  });

  it('combining parties that have all ended gives an end status', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<TaskStatus>(...END_STATUSES), { minLength: 1, maxLength: 12 }),
        (statuses) => {
          expect(isEndStatus(combinePartyTaskStatuses(statuses))).toBe(true);
        },
      ),
    );
  });
});
