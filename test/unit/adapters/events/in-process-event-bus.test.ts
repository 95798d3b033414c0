import { describe, expect, it } from '@jest/globals';
import { InProcessEventBus } from '../../../../functions/adapters/events/in-process-event-bus.js';
import type { FlowEvent } from '../../../../functions/domain/ports/event-bus.js';

const submitted: FlowEvent = { type: 'JobSubmitted', jobId: 'j1' };
const finished: FlowEvent = { type: 'JobFinished', jobId: 'j1', status: 'success' };
const returned: FlowEvent = { type: 'ResourcesReturned', jobId: 'j1' };

function recordingBus() {
  const errors: Array<{ error: unknown; event: FlowEvent }> = [];
  const bus = new InProcessEventBus({ onError: (error, event) => errors.push({ error, event }) });
  return { bus, errors };
}

describe('InProcessEventBus', () => {
  it('delivers an event only to the subscribers of its type', async () => {
    const { bus } = recordingBus();
    const finishedJobs: string[] = [];
    const submittedJobs: string[] = [];
    bus.subscribe('JobFinished', (event) => {
      finishedJobs.push(`${event.jobId}:${event.status}`);
    });
    bus.subscribe('JobSubmitted', (event) => {
      submittedJobs.push(event.jobId);
    });
    await bus.publish([finished]);
    expect(finishedJobs).toEqual(['j1:success']);
    expect(submittedJobs).toEqual([]);
  });

  it('delivers every event to a "*" subscriber, in publish order', async () => {
    const { bus } = recordingBus();
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(event.type);
    });
    await bus.publish([submitted, finished, returned]);
    expect(seen).toEqual(['JobSubmitted', 'JobFinished', 'ResourcesReturned']);
  });

  it('resolves publish only after asynchronous handlers have finished', async () => {
    const { bus } = recordingBus();
    const seen: string[] = [];
    bus.subscribe('JobSubmitted', async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(event.jobId);
    });
    await bus.publish([submitted]);
    expect(seen).toEqual(['j1']);
  });

  it('calls subscribers one after the other, in subscription order', async () => {
    const { bus } = recordingBus();
    const seen: string[] = [];
    bus.subscribe('JobSubmitted', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push('slow first');
    });
    bus.subscribe('*', () => {
      seen.push('second');
    });
    await bus.publish([submitted]);
    expect(seen).toEqual(['slow first', 'second']);
  });

  it('keeps delivering to the other subscribers when one throws, and reports the failure', async () => {
    const { bus, errors } = recordingBus();
    const failure = new Error('handler broke');
    const seen: string[] = [];
    bus.subscribe('JobSubmitted', () => {
      throw failure;
    });
    bus.subscribe('JobSubmitted', () => {
      seen.push('after the failing one');
    });
    await bus.publish([submitted, submitted]);
    expect(seen).toEqual(['after the failing one', 'after the failing one']);
    expect(errors).toEqual([
      { error: failure, event: submitted },
      { error: failure, event: submitted },
    ]);
  });

  it('reports a rejected promise like a thrown error', async () => {
    const { bus, errors } = recordingBus();
    const failure = new Error('async handler broke');
    bus.subscribe('*', async () => {
      throw failure;
    });
    await bus.publish([returned]);
    expect(errors).toEqual([{ error: failure, event: returned }]);
  });

  it('stops delivering to a subscriber once it unsubscribes, and unsubscribing twice is harmless', async () => {
    const { bus } = recordingBus();
    const seen: string[] = [];
    const unsubscribe = bus.subscribe('JobSubmitted', (event) => {
      seen.push(event.jobId);
    });
    await bus.publish([submitted]);
    unsubscribe();
    unsubscribe();
    await bus.publish([submitted]);
    expect(seen).toEqual(['j1']);
  });

  it('removes only the subscription whose unsubscribe is called when one handler is subscribed twice', async () => {
    const { bus } = recordingBus();
    let calls = 0;
    const handler = () => {
      calls += 1;
    };
    const first = bus.subscribe('*', handler);
    bus.subscribe('*', handler);
    first();
    await bus.publish([submitted]);
    expect(calls).toBe(1);
  });

  it('finishes the current delivery unchanged when a handler subscribes another one', async () => {
    const { bus } = recordingBus();
    const seen: string[] = [];
    bus.subscribe('*', (event) => {
      seen.push(`first:${event.type}`);
      bus.subscribe('*', (later) => {
        seen.push(`late:${later.type}`);
      });
    });
    await bus.publish([submitted]);
    expect(seen).toEqual(['first:JobSubmitted']);
  });

  it('does nothing for an empty publish', async () => {
    const { bus, errors } = recordingBus();
    let calls = 0;
    bus.subscribe('*', () => {
      calls += 1;
    });
    await bus.publish([]);
    expect(calls).toBe(0);
    expect(errors).toEqual([]);
  });
});
