import type { TaskKey } from '../../functions/domain/records/task-record.js';

/**
 * Where a task's outputs live in the object store. The task version is part of the key so that a
 * retry never overwrites what a downstream component of the earlier version may still be reading;
 * the tracking record then points at the newest version's object.
 */
export function outputKey(task: TaskKey, name: string, extension: 'csv' | 'json'): string {
  const { jobId, component, role, partyId, taskVersion } = task;
  return `outputs/${jobId}/${component}/${role}/${partyId}/v${taskVersion}/${name}.${extension}`;
}
