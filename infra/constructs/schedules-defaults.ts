import { Duration } from 'aws-cdk-lib';
import type { FlowEvent } from '../../functions/domain/ports/event-bus.js';

/**
 * The finest EventBridge schedule. Scheduling and detection are event-driven; the sweep only
 * recovers what an event missed (crash, lost message, timeout).
 */
export const SWEEP_RATE = Duration.minutes(1);

/** The events that may let a waiting job start: a new job, a job's end, resources given back. */
export const SCHEDULER_TRIGGERS = [
  'JobSubmitted',
  'JobFinished',
  'ResourcesReturned',
] as const satisfies readonly FlowEvent['type'][];

/** A runner's announcement that it wrote its task's end: reported at once, not at the ECS exit. */
export const RUNNER_TASK_ENDED = 'TaskEnded' satisfies FlowEvent['type'];

/** The source EventBridgeEventBus puts on this site's events. */
export function siteEventSource(partyId: number): string {
  return `fate-flow.${partyId}`;
}

/** ECS's event for a task that ended, whatever ended it (exit, StopTask, a failed start). */
export const ECS_TASK_STOPPED = {
  source: 'aws.ecs',
  detailType: 'ECS Task State Change',
  lastStatus: 'STOPPED',
} as const;

/** Delivery retries to a function target: EventBridge's defaults (24 h, 185 tries) outlive a sweep's purpose. */
export const TARGET_RETRY_ATTEMPTS = 3;
export const TARGET_MAX_EVENT_AGE = Duration.hours(1);
