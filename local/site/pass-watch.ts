import type { JobRecord } from '../../functions/domain/records/job-record.js';
import { isEndStatus } from '../../functions/domain/status/statuses.js';
import { type StopJobDeps, stopJob } from '../../functions/services/jobs/stop-job.js';
import type { SiteServices } from '../../functions/services/site-services.js';

export type SitePass = 'scheduler' | 'detector';

/** A pass of a site's scheduler or detector that threw, as `flow local status` shows it. */
export interface PassFailure {
  readonly partyId: number;
  readonly pass: SitePass;
  readonly message: string;
  /** When it failed (ms since the epoch). */
  readonly at: number;
  /** When the pass began to fail, every pass since included (ms since the epoch). */
  readonly since: number;
}

export interface PassWatchOptions {
  /**
   * How long a pass may fail, and a job wait on it, before the job fails with the pass's error
   * rather than wait for ever. @default 60000
   */
  readonly failJobsAfterMs?: number;
  /** Told of every failed pass. */
  readonly onPassFailed?: (failure: PassFailure) => void;
  /** Told when a pass succeeds after failing. */
  readonly onPassRecovered?: (partyId: number, pass: SitePass, at: number) => void;
}

export type PassWatchDeps = Pick<SiteServices, 'clock' | 'jobs' | 'site'> & StopJobDeps;

export const FAIL_JOBS_AFTER_MS = 60_000;
/** How many queued jobs one failed pass fails at most (the rest at the next). */
const JOBS_PER_FAILED_PASS = 1000;

/**
 * One of a site's passes, watched: a pass that throws is logged and reported, and once it has
 * failed for `failJobsAfterMs` the jobs this site initiated that it cannot move fail at every
 * party with its error as their tag. Without its scheduler a waiting job never starts; without
 * its detector no timeout, dead task or silent party is ever noticed, so no running job is sure
 * to end. Only jobs that have waited on the failing pass that long go: one submitted since waits
 * its own full time, and a pass that works again resets the count.
 */
export function watchPass(
  services: PassWatchDeps,
  pass: SitePass,
  run: () => Promise<unknown>,
  options: PassWatchOptions = {},
): () => Promise<void> {
  const limit = options.failJobsAfterMs ?? FAIL_JOBS_AFTER_MS;
  const partyId = services.site.partyId;
  let since: number | undefined;
  return async () => {
    try {
      await run();
      if (since !== undefined) options.onPassRecovered?.(partyId, pass, services.clock());
      since = undefined;
      return;
    } catch (error) {
      const at = services.clock();
      since ??= at;
      console.error(`party ${partyId} ${pass} pass failed`, error);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      options.onPassFailed?.({ partyId, pass, message, at, since });
      if (at - since >= limit) await failStuckJobs(services, pass, message, since, limit);
    }
  };
}

async function failStuckJobs(
  services: PassWatchDeps,
  pass: SitePass,
  message: string,
  since: number,
  limit: number,
): Promise<void> {
  const now = services.clock();
  const waitedTooLong = (job: JobRecord) => now - Math.max(since, job.createTime) >= limit;
  const failingFor = Math.round((now - since) / 1000);
  try {
    for (const job of (await stuckJobs(services, pass)).filter(waitedTooLong)) {
      await stopJob(services, job.jobId, 'failed', `${pass} pass failing for ${failingFor} s: ${message}`);
    }
  } catch (error) {
    // The same fault may stop this too (the store is down): the next failed pass tries again.
    console.error(`party ${services.site.partyId} could not fail the jobs its ${pass} cannot move`, error);
  }
}

/** The jobs this site initiated that depend on the pass: the scheduler's queue, or every unfinished one. */
async function stuckJobs(services: PassWatchDeps, pass: SitePass): Promise<JobRecord[]> {
  if (pass === 'scheduler') return services.jobs.waitingInitiatorJobs(JOBS_PER_FAILED_PASS);
  const watched = await services.jobs.watchedJobs();
  return watched.filter((job) => job.isInitiator && job.partyId === services.site.partyId && !isEndStatus(job.status));
}
