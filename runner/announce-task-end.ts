/**
 * In AWS, the runner announces its task's end on the site's event bus as soon as it has written
 * it, so the site reports the task to the initiator at once: the ECS "task STOPPED" event, which
 * would do it otherwise, comes seconds after the container exits. Locally the process's exit is
 * seen at once, so there is no bus and nothing to announce.
 */
import type { EventBus } from '../functions/domain/ports/event-bus.js';
import type { TaskKey } from '../functions/domain/records/task-record.js';
import type { TaskStatus } from '../functions/domain/status/statuses.js';

/**
 * Never throws: the announcement only saves time. If it is lost, the worker's exit (the ECS
 * STOPPED event) or the detector's resend still reports the task.
 */
export async function announceTaskEnd(
  bus: EventBus | undefined,
  task: TaskKey,
  status: TaskStatus | 'skipped',
  log: (message: string) => void,
): Promise<void> {
  if (bus === undefined || status === 'skipped' || status === 'running') return;
  try {
    await bus.publish([{ type: 'TaskEnded', ...task, status }]);
  } catch (error) {
    log(
      `the task's end was not announced (its exit will report it): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The site's EventBridge bus, loaded only in AWS (the SDK client costs every local task start time). */
export async function siteEventBus(eventBusName: string | undefined, partyId: number): Promise<EventBus | undefined> {
  if (eventBusName === undefined) return undefined;
  const [{ EventBridgeClient }, { EventBridgeEventBus }] = await Promise.all([
    import('@aws-sdk/client-eventbridge'),
    import('../functions/adapters/events/eventbridge-event-bus.js'),
  ]);
  return new EventBridgeEventBus(new EventBridgeClient({}), { eventBusName, partyId });
}
