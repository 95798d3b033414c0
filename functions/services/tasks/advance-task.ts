import { NotFoundError } from '../../domain/errors.js';
import type { TaskStatusPatch } from '../../domain/ports/job-store.js';
import type { TaskKey } from '../../domain/records/task-record.js';
import { isEndStatus, type TaskStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';

export type AdvanceTaskDeps = Pick<SiteServices, 'jobs'>;

/**
 * Brings a holder task (the initiator's copy of a party's task) to the status a report gives.
 * Reports may arrive late or out of order: a party's `failed` may come before its `running`, so a
 * waiting holder goes through running (the table has no waiting → failed). A status the table
 * does not allow from where the holder is (an old report after a newer one) changes nothing, nor
 * does a report of a task this site does not hold.
 *
 * The write is tried first, without reading the task beforehand, from the status a holder has
 * when reports come in order (a party's end follows its running, its running follows waiting): a
 * report is on every stage's critical path. It is a compare-and-set along the table, so a holder
 * elsewhere fails the condition and the store reads it and decides as without the guess.
 *
 * True when that first write took the holder to `to` (with `patch`); false otherwise — written
 * through running, or not at all — when only a read says where the holder is.
 */
export async function advanceTask(
  services: AdvanceTaskDeps,
  key: TaskKey,
  to: TaskStatus,
  patch: TaskStatusPatch,
): Promise<boolean> {
  const written = await services.jobs.updateTaskPartyStatus(key, to, patch, inOrderFrom(to)).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (written?.outcome === 'not_effective' && written.current === 'waiting' && isEndStatus(to)) {
    await services.jobs.updateTaskPartyStatus(key, 'running', patch);
    await services.jobs.updateTaskPartyStatus(key, to, patch);
  }
  return written?.outcome === 'updated';
}

/** The holder's status when the report `to` comes after the one before it. */
function inOrderFrom(to: TaskStatus): TaskStatus | undefined {
  if (isEndStatus(to)) return 'running';
  return to === 'running' ? 'waiting' : undefined;
}
