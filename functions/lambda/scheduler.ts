/**
 * The scheduler: one pass over the waiting jobs this site initiated. EventBridge invokes it on a
 * schedule (the safety sweep) and on the site bus's JobSubmitted, JobFinished and
 * ResourcesReturned events; the event itself says nothing the pass needs.
 */
import { scheduleWaitingJobs } from '../services/scheduling/schedule-waiting-jobs.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler(
  'fate-flow-scheduler',
  async (site, _event: unknown, logger) => {
    const pass = await scheduleWaitingJobs(site.services);
    if (pass.started.length > 0 || pass.stillWaiting.length > 0) logger.info('scheduling pass', { ...pass });
    return pass;
  },
  // It applies resources from the pool, and as the one entry run every minute it registers the
  // stack's peers within a minute of a deploy (the federation endpoint only reads the registry).
  { pool: true, peers: true },
);
