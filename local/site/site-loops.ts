import type { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { detect } from '../../functions/services/detector/detect.js';
import { scheduleWaitingJobs } from '../../functions/services/scheduling/schedule-waiting-jobs.js';
import type { SiteServices } from '../../functions/services/site-services.js';

export interface SiteLoopOptions {
  /** The scheduler's safety sweep; events trigger it at once. @default 5000 */
  readonly scheduleEveryMs?: number;
  /** The detector's sweep. @default 5000 */
  readonly detectEveryMs?: number;
}

/**
 * What EventBridge does for a site in AWS: run the scheduler when a job is submitted or one
 * finishes (and resources come back), plus a periodic sweep of the scheduler and the detector.
 * Each runs one pass at a time; a trigger during a pass asks for one more pass after it.
 */
export function startSiteLoops(
  services: SiteServices,
  bus: InProcessEventBus,
  options: SiteLoopOptions = {},
): () => Promise<void> {
  const schedule = singleFlight(() => scheduleWaitingJobs(services), `party ${services.site.partyId} scheduler`);
  const sweep = singleFlight(() => detect(services), `party ${services.site.partyId} detector`);
  const unsubscribe = [
    bus.subscribe('JobSubmitted', () => schedule.trigger()),
    bus.subscribe('JobFinished', () => schedule.trigger()),
    bus.subscribe('ResourcesReturned', () => schedule.trigger()),
  ];
  const timers = [
    setInterval(() => schedule.trigger(), options.scheduleEveryMs ?? 5000),
    setInterval(() => sweep.trigger(), options.detectEveryMs ?? 5000),
  ];
  for (const timer of timers) timer.unref();
  return async () => {
    for (const timer of timers) clearInterval(timer);
    for (const off of unsubscribe) off();
    await Promise.all([schedule.idle(), sweep.idle()]);
  };
}

function singleFlight(run: () => Promise<unknown>, name: string) {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      try {
        await run();
      } catch (error) {
        console.error(`${name} pass failed`, error);
      }
    } while (again);
    running = undefined;
  };
  return {
    trigger(): void {
      if (running) {
        again = true;
        return;
      }
      running = loop();
    },
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
