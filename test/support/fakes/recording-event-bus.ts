import type { EventBus, FlowEvent } from '../../../functions/domain/ports/event-bus.js';

/**
 * The site's event bus as a list: what services published, in order. Nothing reacts to the events
 * (a test runs the scheduler or the detector itself), so every step of a test is deterministic.
 */
export class RecordingEventBus implements EventBus {
  readonly published: FlowEvent[] = [];

  async publish(events: readonly FlowEvent[]): Promise<void> {
    this.published.push(...events);
  }

  /** The published events of one type. */
  ofType<T extends FlowEvent['type']>(type: T): Extract<FlowEvent, { type: T }>[] {
    return this.published.filter((event): event is Extract<FlowEvent, { type: T }> => event.type === type);
  }
}
