import * as z from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import type { TaskExit } from '../../domain/ports/task-launcher.js';
import { RUNNER_CONTAINER_NAME } from './ecs-task-launcher.js';

/** The part of an EventBridge "ECS Task State Change" event we read; ECS sends much more. */
const taskStateChange = z.object({
  detail: z.object({
    lastStatus: z.string(),
    startedBy: z.string().optional(),
    stopCode: z.string().optional(),
    stoppedReason: z.string().optional(),
    containers: z
      .array(z.object({ name: z.string(), exitCode: z.number().int().optional(), reason: z.string().optional() }))
      .default([]),
  }),
});

type Detail = z.output<typeof taskStateChange>['detail'];
type Container = Detail['containers'][number];

function isTaskStateChange(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    'source' in event &&
    event.source === 'aws.ecs' &&
    'detail-type' in event &&
    event['detail-type'] === 'ECS Task State Change'
  );
}

/**
 * The TaskExit of an ECS task that stopped, from EventBridge's task-state-change event: the worker
 * id is the task's `startedBy`, the exit code the runner container's. Undefined for any other event
 * (another source, a task still starting or running, a task we did not start).
 */
export function taskExitFromEcsEvent(event: unknown, containerName = RUNNER_CONTAINER_NAME): TaskExit | undefined {
  if (!isTaskStateChange(event)) return undefined;
  const parsed = taskStateChange.safeParse(event);
  if (!parsed.success) {
    throw new ArgumentError(`malformed ECS Task State Change event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const { detail } = parsed.data;
  if (detail.lastStatus !== 'STOPPED' || detail.startedBy === undefined) return undefined;
  // The runner's container by name; a task definition with a single container may name it as it likes.
  const container =
    detail.containers.find((candidate) => candidate.name === containerName) ??
    (detail.containers.length === 1 ? detail.containers[0] : undefined);
  return { workerId: detail.startedBy, exitCode: container?.exitCode ?? null, reason: reasonOf(detail, container) };
}

/**
 * Worded like the local launcher's reasons ("exit code 1", "exit code 143 (stopped: …)"), with
 * ECS's own words where only ECS knows why (OutOfMemoryError, CannotPullContainerError …).
 */
function reasonOf(detail: Detail, container: Container | undefined): string {
  const stopped = detail.stoppedReason ?? detail.stopCode ?? 'stopped';
  // What ended the container itself, most specific first.
  const own = container?.reason ?? (container?.exitCode === undefined ? undefined : `exit code ${container.exitCode}`);
  if (detail.stopCode === 'UserInitiated')
    return own === undefined ? `stopped: ${stopped}` : `${own} (stopped: ${stopped})`;
  // "Essential container in task exited" says nothing the container's own reason does not.
  if (detail.stopCode === 'EssentialContainerExited' && own !== undefined) return own;
  if (own === undefined || stopped.includes(own)) return stopped;
  return `${stopped} (${own})`;
}
