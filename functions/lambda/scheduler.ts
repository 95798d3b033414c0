/**
 * The scheduler: one pass over the waiting jobs this site initiated. EventBridge invokes it on a
 * schedule (the safety sweep) and on the site bus's JobSubmitted, JobFinished and
 * ResourcesReturned events; the event itself says nothing the pass needs.
 */
import { scheduleWaitingJobs } from '../services/scheduling/schedule-waiting-jobs.js';
import { composeScheduler, schedulerColdStart } from './compose/scheduler.js';
import { containerSite } from './shared-site.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler(
  'fate-flow-scheduler',
  containerSite(composeScheduler, schedulerColdStart),
  async (ports, _event: unknown, logger) => {
    const pass = await scheduleWaitingJobs(ports);
    if (pass.started.length > 0 || pass.stillWaiting.length > 0) logger.info('scheduling pass', { ...pass });
    return pass;
  },
);
