import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { announceTaskEnd, siteEventBus } from '../../../runner/announce-task-end.js';

const eventBridge = mockClient(EventBridgeClient);
const TASK = {
  jobId: '202611271200000000001',
  component: 'hetero_lr_0',
  taskVersion: 1,
  role: 'host',
  partyId: 10000,
} as const;

afterEach(() => {
  eventBridge.reset();
});

describe("the runner's announcement of its task's end", () => {
  it("puts TaskEnded with the task and its status on the site's bus, from the site's source", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const lines: string[] = [];

    await announceTaskEnd(await siteEventBus('fate-flow-10000', 10000), TASK, 'success', (line) => lines.push(line));

    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries)).toEqual([
      [
        {
          Source: 'fate-flow.10000',
          DetailType: 'TaskEnded',
          Detail: JSON.stringify({ type: 'TaskEnded', ...TASK, status: 'success' }),
          EventBusName: 'fate-flow-10000',
        },
      ],
    ]);
    expect(lines).toEqual([]);
  });

  it('announces nothing without a bus (the local runtime), for a skipped task, or for one still running', async () => {
    await announceTaskEnd(undefined, TASK, 'failed', () => {});
    const bus = await siteEventBus('fate-flow-10000', 10000);
    await announceTaskEnd(bus, TASK, 'skipped', () => {});
    await announceTaskEnd(bus, TASK, 'running', () => {});

    expect(await siteEventBus(undefined, 10000)).toBeUndefined();
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('logs a refused announcement and carries on: the exit still reports the task', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('AccessDeniedException: not authorized'));
    const lines: string[] = [];

    await announceTaskEnd(await siteEventBus('fate-flow-10000', 10000), TASK, 'failed', (line) => lines.push(line));

    expect(lines).toEqual([
      "the task's end was not announced (its exit will report it): AccessDeniedException: not authorized",
    ]);
  });
});
