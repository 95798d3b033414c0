import { isEndStatus } from '../../domain/status/statuses.js';
import { partyJobParameter } from '../jobs/party-job-parameters.js';
import { type StopJobDeps, stopJob } from '../jobs/stop-job.js';
import type { SiteServices } from '../site-services.js';
import { DETECTOR_DEFAULTS, type DetectorOptions } from './detector-options.js';
import {
  type ResyncEndedJobsDeps,
  type ReturnLeakedResourcesDeps,
  resyncEndedJobs,
  returnLeakedResources,
} from './ended-jobs.js';
import { type ExpireSilentInitiatorsDeps, expireSilentInitiators } from './initiator-silence.js';
import { type CheckPeersDeps, checkPeers } from './peer-liveness.js';
import { type CheckTasksDeps, checkTasks } from './task-liveness.js';

export interface DetectorPass {
  readonly deadTasks: number;
  readonly hungTasks: number;
  readonly timedOutJobs: number;
  /** Running jobs failed because a party stopped answering. */
  readonly silentPeerJobs: number;
  /** Jobs another party initiated whose part here ended because that initiator went silent. */
  readonly silentInitiatorJobs: number;
  readonly reportsResent: number;
  readonly resourcesReturned: number;
}

export type DetectDeps = Pick<SiteServices, 'clock' | 'jobs' | 'site'> &
  CheckPeersDeps &
  CheckTasksDeps &
  ExpireSilentInitiatorsDeps &
  ResyncEndedJobsDeps &
  ReturnLeakedResourcesDeps &
  StopJobDeps;

/**
 * FATE's Detector and FederatedDetector, as one sweep (EventBridge every minute in AWS; a timer
 * locally). Events do the work; this recovers what an event missed:
 * - a running task whose worker is gone (process killed, ECS task lost) or whose heartbeat is
 *   stale (a hung component) fails with that reason;
 * - a task report the initiator never acknowledged is sent again;
 * - a job past its timeout — counted from submit, as FATE counts it — is stopped as `timeout`;
 * - a running job whose other party has not answered for too long fails at every party reached;
 * - at a party, a job another party initiated that holds resources here and whose initiator has
 *   been silent for as long ends here, its resources returned;
 * - an ended job's status is re-sent to parties that missed it, and resources held for an ended
 *   job are returned.
 */
export async function detect(services: DetectDeps, limits: Partial<DetectorOptions> = {}): Promise<DetectorPass> {
  const options: DetectorOptions = { ...DETECTOR_DEFAULTS, ...limits };
  const now = services.clock();
  // The watch list, not the job history: an idle site's sweep reads (and costs) next to nothing.
  const watched = (await services.jobs.watchedJobs()).filter((job) => job.partyId === services.site.partyId);
  const jobs = watched.filter((job) => job.status === 'running' || job.status === 'waiting');
  const pass = { deadTasks: 0, hungTasks: 0, timedOutJobs: 0, silentPeerJobs: 0, reportsResent: 0 };
  const silentParties = new Set<number>();
  for (const job of jobs) {
    const tasks = await checkTasks(services, job, now, options);
    pass.deadTasks += tasks.deadTasks;
    pass.hungTasks += tasks.hungTasks;
    pass.reportsResent += tasks.reportsResent;
    if (!job.isInitiator) continue;
    if (now - job.createTime > partyJobParameter(job, 'timeout') * 1000) {
      pass.timedOutJobs += 1;
      await stopJob(services, job.jobId, 'timeout');
    } else if (
      job.status === 'running' &&
      (await checkPeers(services, job, now, options, silentParties)) === 'failed'
    ) {
      pass.silentPeerJobs += 1;
    }
  }
  const silentInitiatorJobs = await expireSilentInitiators(services, jobs, now, options);
  const ended = watched.filter((job) => job.isInitiator && isEndStatus(job.status));
  await resyncEndedJobs(services, ended, now, silentParties);
  return { ...pass, silentInitiatorJobs, resourcesReturned: await returnLeakedResources(services) };
}
