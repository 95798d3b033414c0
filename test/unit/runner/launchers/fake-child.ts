import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

/**
 * A runner's process as its site sees it, for the site's ends of the IPC channel: `send` records
 * each message and fails with `failWith` when given — to its callback, or, without one, as an
 * 'error' event, as Node does. The 'error' events are recorded too (a site that let one through
 * would fail).
 */
export function fakeChild(connected = true, failWith?: Error) {
  const sent: unknown[] = [];
  const errors: unknown[] = [];
  const child = Object.assign(new EventEmitter(), {
    connected,
    send: (message: unknown, callback?: (error: Error | null) => void) => {
      sent.push(message);
      if (failWith !== undefined) {
        if (callback === undefined) child.emit('error', failWith);
        else callback(failWith);
      }
      return failWith === undefined;
    },
  }) as unknown as ChildProcess;
  child.on('error', (error) => errors.push(error));
  return { child, sent, errors };
}
