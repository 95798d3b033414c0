import { Logger } from '@aws-lambda-powertools/logger';
import { taskId } from '../../functions/domain/ids.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';

/** Fields a log line carries beside its message (an error report, a count …). */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * What the runner logs through: the process's one Powertools Logger (`runnerLogger`, built in
 * entry.ts), or a recorder in tests. Only the levels the runner uses; the fields as Powertools
 * takes them (merged into the line).
 */
export interface TaskLog {
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
}

/** The `service` of every runner line, beside the Lambdas' `fate-flow-<function>`. */
export const RUNNER_SERVICE = 'fate-flow-runner';

/**
 * The keys on every line of a task's log. A party's logs are read out of context (CloudWatch
 * across many tasks, or a file a user attaches to an issue), so each line says which job, role,
 * party, component and task version wrote it; `task_id` is FATE's (`<job>_<component>`).
 */
export function taskLogKeys(task: TaskKey): LogFields {
  return {
    job: task.jobId,
    role: task.role,
    party: task.partyId,
    component: task.component,
    task_id: taskId(task.jobId, task.component),
    task_version: task.taskVersion,
  };
}

/**
 * The runner process's logger: JSON lines (level, message, timestamp, service and the task's keys
 * once `taskLogKeys` are appended) on stdout, warnings and errors on stderr, as the Lambdas log.
 * Always at INFO, whatever POWERTOOLS_LOG_LEVEL says: a task's log is the record its user reads,
 * not diagnostics to turn down, and a local site's runners inherit the site's environment (the
 * test setup silences in-process loggers with it).
 */
export function runnerLogger(): Logger {
  return new Logger({ serviceName: RUNNER_SERVICE, logLevel: 'INFO' });
}
