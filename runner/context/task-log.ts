import { taskId } from '../../functions/domain/ids.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';

/** Where log lines go: the process's stdout in the runner, a list in tests. */
export type LineWriter = (line: string) => void;

export const stdoutWriter: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * A task's logger. Every line carries the task's identity because a party's logs are read out of
 * context (CloudWatch across many tasks, or a file a user attaches to an issue); a multi-line
 * message gets the prefix on each line so that grep finds all of it.
 */
export function taskLogger(task: TaskKey, write: LineWriter = stdoutWriter): (message: string) => void {
  const prefix = `[${taskId(task.jobId, task.component)} v${task.taskVersion} ${task.role} ${task.partyId}]`;
  return (message) => {
    for (const line of message.split('\n')) write(`${prefix} ${line}`);
  };
}
