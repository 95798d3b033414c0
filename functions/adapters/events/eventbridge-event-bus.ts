import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { AppError, RetCode } from '../../domain/errors.js';
import type { EventBus, FlowEvent } from '../../domain/ports/event-bus.js';

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES_PER_CALL = 10;

export interface EventBridgeEventBusOptions {
  /** Name or ARN of the site's event bus. */
  readonly eventBusName: string;
  /** This site's party id; events carry the source `fate-flow.<partyId>` that the site's rules match. */
  readonly partyId: number;
}

export interface FailedEventEntry {
  readonly event: FlowEvent;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * EventBridge refused some entries of a PutEvents call (it answers 200 with FailedEntryCount > 0,
 * so the SDK does not throw). Named, so a Step Functions Retry can match it: the usual codes are
 * ThrottlingException and InternalFailure, which a retry fixes.
 */
export class EventPublishError extends AppError {
  override readonly name = 'EventPublishError';
  constructor(readonly failed: readonly FailedEventEntry[]) {
    super(
      RetCode.EXCEPTION_ERROR,
      500,
      `EventBridge refused ${failed.length} event(s): ${failed
        .map((entry) => `${entry.event.type} (${entry.errorCode}: ${entry.errorMessage})`)
        .join('; ')}`,
      { details: { failed: failed.map(({ event, errorCode }) => ({ type: event.type, errorCode })) } },
    );
  }
}

export class EventBridgeEventBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly options: EventBridgeEventBusOptions,
  ) {}

  /**
   * Sends the events in order, 10 per call. Stops at the first call with refused entries: the
   * entries of that call that were accepted are delivered, later calls are not sent. Callers retry
   * the whole publish; subscribers must be idempotent anyway (EventBridge delivers at least once).
   */
  async publish(events: readonly FlowEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += MAX_ENTRIES_PER_CALL) {
      const batch = events.slice(start, start + MAX_ENTRIES_PER_CALL);
      const output = await this.client.send(new PutEventsCommand({ Entries: batch.map((event) => this.entry(event)) }));
      if ((output.FailedEntryCount ?? 0) > 0) throw new EventPublishError(failedEntries(batch, output.Entries ?? []));
    }
  }

  private entry(event: FlowEvent): PutEventsRequestEntry {
    return {
      Source: `fate-flow.${this.options.partyId}`,
      DetailType: event.type,
      Detail: JSON.stringify(event),
      EventBusName: this.options.eventBusName,
    };
  }
}

/** Result entries line up with request entries by position; a failed one has an ErrorCode. */
function failedEntries(batch: readonly FlowEvent[], results: readonly PutEventsResultEntry[]): FailedEventEntry[] {
  const failed: FailedEventEntry[] = [];
  batch.forEach((event, index) => {
    const result = results[index];
    if (result?.ErrorCode !== undefined) {
      failed.push({ event, errorCode: result.ErrorCode, errorMessage: result.ErrorMessage ?? '' });
    }
  });
  // FailedEntryCount > 0 but no entry says which: name the whole batch rather than nothing.
  if (failed.length === 0) {
    return batch.map((event) => ({ event, errorCode: 'Unknown', errorMessage: 'no per-entry error reported' }));
  }
  return failed;
}
