/**
 * In AWS, the runner announces its task's end on the site's event bus (through the site's
 * `runnerOutbox` function) as soon as it has written it, so the site reports the task to the
 * initiator at once: the ECS "task STOPPED" event, which would do it otherwise, comes seconds
 * after the container exits. Locally there is no bus: the runner tells its site over its IPC
 * channel instead, which saves the process's exit on the path to the next stage.
 */
import type { EventBus } from '../functions/domain/ports/event-bus.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';
import type { TaskStatus } from '../functions/domain/status/statuses.js';
import type { TaskLog } from './context/task-log.js';

/**
 * Never throws: the announcement only saves time. If it is lost, the worker's exit (the ECS
 * STOPPED event) or the detector's resend still reports the task.
 */
export async function announceTaskEnd(
  bus: EventBus | undefined,
  task: TaskKey,
  status: TaskStatus | 'skipped',
  log: TaskLog,
): Promise<void> {
  if (bus === undefined || status === 'skipped' || status === 'running') return;
  try {
    await bus.publish([{ type: 'TaskEnded', ...task, status }]);
  } catch (error) {
    log.warn("the task's end was not announced (its exit will report it)", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * AWS: the site's bus, reached through its `runnerOutbox` function (runners have no route to
 * EventBridge); loaded only there (the SDK client costs every local task start time).
 */
export async function siteEventBus(outboxFunction: string | undefined): Promise<EventBus | undefined> {
  if (outboxFunction === undefined) return undefined;
  const [{ LambdaClient }, { outboxEventBus }] = await Promise.all([
    import('@aws-sdk/client-lambda'),
    import('../functions/adapters/runner-calls/outbox-clients.js'),
  ]);
  return outboxEventBus(new LambdaClient({}), outboxFunction);
}

/** Locally: the word on the runner's IPC channel (local/launcher/task-end-channel.ts hears it). */
export const TASK_ENDED_MESSAGE = 'fate-flow-task-ended';

/**
 * Tells the local site, over the process's IPC channel, that the task's end is written: the site
 * reports it to the initiator at once. Nothing is said of whom: the site knows which task the
 * process runs. Resolves once the message is out (the process exits right after); never throws.
 */
export function announceTaskEndToSite(
  status: TaskStatus | 'skipped',
  channel: NodeJS.Process = process,
): Promise<void> {
  if (status === 'skipped' || status === 'running' || channel.connected !== true || channel.send === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    channel.send?.({ type: TASK_ENDED_MESSAGE }, undefined, {}, () => resolve());
  });
}
