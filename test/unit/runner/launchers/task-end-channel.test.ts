import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import type { TaskKey } from '../../../../functions/domain/records/task-record.js';
import { hearTaskEnd } from '../../../../local/launcher/task-end-channel.js';
import { announceTaskEndToSite, TASK_ENDED_MESSAGE } from '../../../../runner/announce-task-end.js';

const TASK: TaskKey = {
  jobId: '202612071000000000001',
  component: 'reader_0',
  taskVersion: 0,
  role: 'host',
  partyId: 10000,
};

/** A process's IPC side that sends at once and says so through the callback, as Node does. */
function fakeChannel(connected: boolean) {
  const sent: unknown[] = [];
  const channel = Object.assign(new EventEmitter(), {
    connected,
    send: (message: unknown, _handle: unknown, _options: unknown, callback: () => void) => {
      sent.push(message);
      callback();
      return true;
    },
  }) as unknown as NodeJS.Process;
  return { channel, sent };
}

describe("the runner's word that its task's end is written", () => {
  it('is sent on an open channel for an ended task, and not for one skipped or still running', async () => {
    const open = fakeChannel(true);
    await announceTaskEndToSite('success', open.channel);
    await announceTaskEndToSite('failed', open.channel);
    await announceTaskEndToSite('skipped', open.channel);
    await announceTaskEndToSite('running', open.channel);

    expect(open.sent).toEqual([{ type: TASK_ENDED_MESSAGE }, { type: TASK_ENDED_MESSAGE }]);
  });

  it('is not sent on a closed channel (the site is gone), and the runner goes on to exit', async () => {
    const closed = fakeChannel(false);
    await announceTaskEndToSite('success', closed.channel);

    expect(closed.sent).toEqual([]);
  });

  it('is taken by the site for the task the process was launched for, once, whatever else comes', async () => {
    const child = new EventEmitter() as unknown as ChildProcess;
    const reported: TaskKey[] = [];
    const heard = hearTaskEnd(child, TASK, async (task) => {
      reported.push(task);
    });
    expect(heard.reporting()).toBeUndefined();

    child.emit('message', { type: 'fate-flow-delegation', id: 1 });
    child.emit('message', { type: TASK_ENDED_MESSAGE, jobId: 'another job' });
    child.emit('message', { type: TASK_ENDED_MESSAGE });
    await heard.reporting();

    expect(reported).toEqual([TASK]);
  });
});
