import { randomBytes } from 'node:crypto';
import { isRole } from '../../domain/job/roles.js';
import type { TaskKey } from '../../domain/records/task-record.js';

/**
 * A task's worker id says which task it runs, so that an exit (a process's, or ECS's STOPPED
 * event carrying `startedBy`) leads back to its task with no lookup table: `w_<job>_<version>_
 * <role>_<party>_<nonce>_<component>`. Only letters, digits, `_` and `-` (ECS's startedBy alphabet);
 * the component goes last because its name may itself hold `_`.
 */
export function workerIdOf(key: TaskKey): string {
  return ['w', key.jobId, key.taskVersion, key.role, key.partyId, randomBytes(4).toString('hex'), key.component].join(
    '_',
  );
}

export function taskKeyOfWorker(workerId: string): TaskKey | undefined {
  const [prefix, jobId, version, role, partyId, nonce, ...component] = workerId.split('_');
  if (prefix !== 'w' || !jobId || !nonce || component.length === 0 || !isRole(role)) return undefined;
  if (!/^\d+$/.test(version ?? '') || !/^\d+$/.test(partyId ?? '')) return undefined;
  return { jobId, taskVersion: Number(version), role, partyId: Number(partyId), component: component.join('_') };
}
