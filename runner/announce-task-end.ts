/**
 * In AWS, the runner announces its task's end on the site's event bus (through the site's
 * `runnerOutbox` function) as soon as it has written it, so the site reports the task to the
 * initiator at once: the ECS "task STOPPED" event, which would do it otherwise, comes seconds
 * after the container exits. Locally the process's exit is seen at once, so there is no bus and
 * nothing to announce.
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
