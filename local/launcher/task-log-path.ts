import { join } from 'node:path';
import { ArgumentError } from '../../functions/domain/errors.js';
import { COMPONENT_NAME_PATTERN } from '../../functions/domain/job/dsl-schema.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';

/**
 * Where a local task's output goes: one file per task version, in FATE's party-log layout
 * (`<job>/<role>/<party>/<component>`), so that a user finds "the host's log of hetero_lr_0" by
 * path, and a retry's log sits beside the failed attempt's instead of replacing it.
 */
export function taskLogPath(logsDir: string, task: TaskKey): string {
  // The ids become folder names: refuse anything that could climb out of logsDir.
  for (const [what, value] of [
    ['job id', task.jobId],
    ['component', task.component],
  ] as const) {
    if (!COMPONENT_NAME_PATTERN.test(value)) throw new ArgumentError(`${what} "${value}" cannot name a log folder`);
  }
  return join(logsDir, task.jobId, task.role, String(task.partyId), task.component, `v${task.taskVersion}.log`);
}
