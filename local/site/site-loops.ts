import type { InProcessEventBus } from '../../functions/adapters/events/in-process-event-bus.js';
import { detect } from '../../functions/services/detector/detect.js';
import { scheduleWaitingJobs } from '../../functions/services/scheduling/schedule-waiting-jobs.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import type { SiteMeter } from '../metering/site-meter.js';
import { type PassWatchOptions, watchPass } from './pass-watch.js';

export interface SiteLoopOptions extends PassWatchOptions {
  /** The scheduler's safety sweep; events trigger it at once. @default 5000 */
  readonly scheduleEveryMs?: number;
  /** The detector's sweep. @default 5000 */
  readonly detectEveryMs?: number;
}

/**
 * What EventBridge does for a site in AWS: run the scheduler when a job is submitted or one
 * finishes (and resources come back), plus a periodic sweep of the scheduler and the detector.
 * Each runs one pass at a time; a trigger during a pass asks for one more pass after it. A pass
 * that throws is reported, and bounded for the jobs it cannot move (pass-watch.ts).
 */
export function startSiteLoops(
  services: SiteServices,
  bus: InProcessEventBus,
  options: SiteLoopOptions = {},
  meter?: SiteMeter,
): () => Promise<void> {
  // Metered, every trigger is an invocation (AWS runs one per matched event or tick) and every pass a run.
  const metered = (fn: 'scheduler' | 'detector', pass: () => Promise<unknown>) => {
    const run = watchPass(services, fn, pass, options);
    return meter === undefined ? { run } : { run: () => meter.timed(fn, run), triggered: () => meter.requested(fn) };
  };
  const schedule = singleFlight(metered('scheduler', () => scheduleWaitingJobs(services)));
  const sweep = singleFlight(metered('detector', () => detect(services)));
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

/** `run` never throws: watchPass reports a pass's failure. */
function singleFlight({ run, triggered }: { run: () => Promise<unknown>; triggered?: () => void }) {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      await run();
    } while (again);
    running = undefined;
  };
  return {
    trigger(): void {
      triggered?.();
      if (running) {
        again = true;
        return;
      }
      running = loop();
    },
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
