import type { MiddlewareObj } from '@middy/core';
import type { BackgroundWork } from '../services/background-work.js';

/**
 * Lambda freezes the container as soon as a handler returns, so work a service started without
 * awaiting it (a task report after `task.start`) would stall until the next invocation — or never
 * run. This middleware waits for it after the handler, on success and on error alike. Draining
 * never throws: BackgroundWork logs its own failures.
 */
export function drainBackground(background: () => BackgroundWork | undefined): MiddlewareObj {
  const drain = async (): Promise<void> => {
    await background()?.drain();
  };
  return { after: drain, onError: drain };
}
