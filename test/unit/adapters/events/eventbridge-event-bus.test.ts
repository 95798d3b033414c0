import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeEventBus, EventPublishError } from '../../../../functions/adapters/events/eventbridge-event-bus.js';
import { RetCode } from '../../../../functions/domain/errors.js';
import type { FlowEvent } from '../../../../functions/domain/ports/event-bus.js';

const options = { eventBusName: 'fate-flow-9999', partyId: 9999 };
const submitted = (jobId: string): FlowEvent => ({ type: 'JobSubmitted', jobId });

describe('EventBridgeEventBus against mocked PutEvents', () => {
  const client = new EventBridgeClient({ region: 'eu-west-1' });
  const eventBridge = mockClient(client);

  beforeEach(() => {
    eventBridge.reset();
  });

  it('sends each event with the party source, its type as detail type and itself as JSON detail', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }, { EventId: 'e2' }] });
    const changed: FlowEvent = {
      type: 'TaskStatusChanged',
      jobId: 'j1',
      component: 'hetero_lr_0',
      taskVersion: 0,
      role: 'guest',
      partyId: 9999,
      from: 'running',
      to: 'success',
    };
    await new EventBridgeEventBus(client, options).publish([submitted('j1'), changed]);
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Entries: [
          {
            Source: 'fate-flow.9999',
            DetailType: 'JobSubmitted',
            Detail: '{"type":"JobSubmitted","jobId":"j1"}',
            EventBusName: 'fate-flow-9999',
          },
          {
            Source: 'fate-flow.9999',
            DetailType: 'TaskStatusChanged',
            Detail:
              '{"type":"TaskStatusChanged","jobId":"j1","component":"hetero_lr_0","taskVersion":0,' +
              '"role":"guest","partyId":9999,"from":"running","to":"success"}',
            EventBusName: 'fate-flow-9999',
          },
        ],
      },
    ]);
  });

  it('splits 23 events into calls of 10, 10 and 3 entries, in order', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    const events = Array.from({ length: 23 }, (_, index) => submitted(`j${index}`));
    await new EventBridgeEventBus(client, options).publish(events);
    const batches = eventBridge
      .commandCalls(PutEventsCommand)
      .map((call) => (call.args[0].input.Entries ?? []).map((entry) => entry.Detail));
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(events.map((event) => JSON.stringify(event)));
  });

  it('makes no call for no events', async () => {
    await new EventBridgeEventBus(client, options).publish([]);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('throws an EventPublishError naming the refused entries and their error codes', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 2,
      Entries: [
        { EventId: 'e1' },
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal error' },
      ],
    });
    const finished: FlowEvent = { type: 'JobFinished', jobId: 'j1', status: 'failed' };
    const returned: FlowEvent = { type: 'ResourcesReturned', jobId: 'j1' };
    const error = await new EventBridgeEventBus(client, options)
      .publish([submitted('j1'), finished, returned])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventPublishError);
    expect(error).toMatchObject({
      name: 'EventPublishError',
      retcode: RetCode.EXCEPTION_ERROR,
      message:
        'EventBridge refused 2 event(s): JobFinished (ThrottlingException: Rate exceeded); ' +
        'ResourcesReturned (InternalFailure: Internal error)',
      failed: [
        { event: finished, errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' },
        { event: returned, errorCode: 'InternalFailure', errorMessage: 'Internal error' },
      ],
    });
  });

  it('does not send the later batches once a batch had refused entries', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }] })
      .resolves({ FailedEntryCount: 0 });
    const events = Array.from({ length: 15 }, (_, index) => submitted(`j${index}`));
    await expect(new EventBridgeEventBus(client, options).publish(events)).rejects.toThrow(
      'EventBridge refused 1 event(s): JobSubmitted (InternalFailure: oops)',
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('names the whole batch when EventBridge counts failures without saying which', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1 });
    await expect(new EventBridgeEventBus(client, options).publish([submitted('j1')])).rejects.toThrow(
      'EventBridge refused 1 event(s): JobSubmitted (Unknown: no per-entry error reported)',
    );
  });

  it('lets an error of the call itself through unchanged', async () => {
    const denied = new Error('AccessDeniedException');
    eventBridge.on(PutEventsCommand).rejects(denied);
    await expect(new EventBridgeEventBus(client, options).publish([submitted('j1')])).rejects.toBe(denied);
  });
});
