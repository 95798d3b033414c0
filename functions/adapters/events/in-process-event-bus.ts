import type { EventBus, FlowEvent } from '../../domain/ports/event-bus.js';

export type FlowEventType = FlowEvent['type'];
export type FlowEventOf<T extends FlowEventType> = Extract<FlowEvent, { readonly type: T }>;
export type EventHandler<E extends FlowEvent = FlowEvent> = (event: E) => void | Promise<void>;

export interface InProcessEventBusOptions {
  /** Told about every subscriber that throws; the other subscribers still get the event. */
  readonly onError: (error: unknown, event: FlowEvent) => void;
}

interface Subscription {
  readonly type: FlowEventType | '*';
  readonly handler: EventHandler;
}

/**
 * The local site's event bus, standing in for EventBridge rules. Delivery is in order and
 * sequential (event by event, subscriber by subscriber, in subscription order) and `publish`
 * resolves once every handler has finished: the local runtime and its tests then see a
 * deterministic order and need no waiting. EventBridge gives neither guarantee, so no subscriber
 * may rely on them.
 */
export class InProcessEventBus implements EventBus {
  private subscriptions: readonly Subscription[] = [];

  constructor(private readonly options: InProcessEventBusOptions) {}

  /** Calls `handler` for every published event of `type` (or of any type with `'*'`); returns the unsubscribe. */
  subscribe<T extends FlowEventType>(type: T, handler: EventHandler<FlowEventOf<T>>): () => void;
  subscribe(type: '*', handler: EventHandler): () => void;
  // The overloads tie a handler to its event type; publish only ever hands it events of that type.
  subscribe(type: FlowEventType | '*', handler: EventHandler): () => void {
    const subscription: Subscription = { type, handler };
    // Copy on write, so a handler that (un)subscribes during a publish does not change that delivery.
    this.subscriptions = [...this.subscriptions, subscription];
    return () => {
      this.subscriptions = this.subscriptions.filter((existing) => existing !== subscription);
    };
  }

  async publish(events: readonly FlowEvent[]): Promise<void> {
    for (const event of events) {
      for (const { type, handler } of this.subscriptions) {
        if (type !== '*' && type !== event.type) continue;
        try {
          await handler(event);
        } catch (error) {
          this.options.onError(error, event);
        }
      }
    }
  }
}
