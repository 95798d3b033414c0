/**
 * The site's end of the runner's word that its task's end is written
 * (runner/announce-task-end.ts: announceTaskEndToSite): the local counterpart of the TaskEnded
 * event in AWS. The word names no task: it is taken for the task this process was launched for,
 * so a runner can speak only of its own.
 */
import type { ChildProcess } from 'node:child_process';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import { TASK_ENDED_MESSAGE } from '../../runner/announce-task-end.js';

/** Reports `task` (taskEnded with the site's services); told once per process at most. */
export type TaskEndedListener = (task: TaskKey) => Promise<void>;

/** Calls `ended` on the runner's first word of its end; the returned holder has what the call still does. */
export function hearTaskEnd(
  child: ChildProcess,
  task: TaskKey,
  ended: TaskEndedListener,
): { readonly reporting: () => Promise<void> | undefined } {
  let reporting: Promise<void> | undefined;
  child.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== TASK_ENDED_MESSAGE || reporting !== undefined) return;
    // Never rejects: a report lost here is sent again at the exit.
    reporting = ended(task).catch(() => undefined);
  });
  return { reporting: () => reporting };
}
