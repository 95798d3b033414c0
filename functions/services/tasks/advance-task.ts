import type { TaskStatusPatch } from '../../domain/ports/job-store.js';
import type { TaskKey } from '../../domain/records/task-record.js';
import { isEndStatus, type TaskStatus } from '../../domain/status/statuses.js';
import { canTransition } from '../../domain/status/transitions.js';
import type { SiteServices } from '../site-services.js';

export type AdvanceTaskDeps = Pick<SiteServices, 'jobs'>;

/**
 * Brings a holder task (the initiator's copy of a party's task) to the status a report gives.
 * Reports may arrive late or out of order: a party's `failed` may come before its `running`, so a
 * waiting holder goes through running (the table has no waiting → failed). A status the table
 * does not allow from where the holder is (an old report after a newer one) changes nothing.
 */
export async function advanceTask(
  services: AdvanceTaskDeps,
  key: TaskKey,
  to: TaskStatus,
  patch: TaskStatusPatch,
): Promise<void> {
  const task = await services.jobs.getTask(key);
  if (task === undefined || task.partyStatus === to) return;
  if (!canTransition('task', task.partyStatus, to) && task.partyStatus === 'waiting' && isEndStatus(to)) {
    await services.jobs.updateTaskPartyStatus(key, 'running', patch);
  }
  await services.jobs.updateTaskPartyStatus(key, to, patch);
}
