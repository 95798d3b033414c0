import { partiesOf } from '../../domain/job/roles.js';
import type { StopStatus } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus, type JobStatus } from '../../domain/status/statuses.js';
import { callJobParties } from '../federation/fan-out.js';
import { grantIdOf } from '../scheduling/receive-resources.js';
import type { SiteServices } from '../site-services.js';

/** How long after its end an initiator keeps telling parties a job's end (FATE: 5 min, once). */
export const END_SYNC_WINDOW_MS = 10 * 60_000;

export type ResyncEndedJobsDeps = Pick<SiteServices, 'jobs' | 'peers'>;

/**
 * A party that was unreachable when a job ended still shows it running: for a while after a job
 * ends, the initiator sends its end status and the resource return again (both idempotent), until
 * every party has answered; then, or when the window has passed, the job leaves the watch list.
 */
export async function resyncEndedJobs(
  services: ResyncEndedJobsDeps,
  ended: readonly JobRecord[],
  now: number,
  /** Parties found silent earlier in this sweep: skipped (the job stays watched for the next sweep). */
  silentThisSweep: ReadonlySet<number> = new Set(),
): Promise<void> {
  for (const job of ended) {
    if (now - (job.endTime ?? now) > END_SYNC_WINDOW_MS) {
      console.warn(`job ${job.jobId}: its end did not reach every party within ${END_SYNC_WINDOW_MS / 60_000} min`);
      await services.jobs.markEndSynced(job);
      continue;
    }
    const parties = partiesOf(job.roles);
    const reachable = parties.filter((party) => !silentThisSweep.has(party.partyId));
    // A failed, canceled or timed-out job is re-sent as a stop, which also kills tasks left running.
    const told =
      job.status === 'success'
        ? await callJobParties(services.peers, job, 'job.status', { status: 'success' }, reachable)
        : await callJobParties(
            services.peers,
            job,
            'job.stop',
            { status: stopStatusOf(job.status), tag: job.tag },
            reachable,
          );
    const returned = await callJobParties(services.peers, job, 'job.resource.return', {}, reachable);
    const answered = [...told.replies, ...returned.replies].every((r) => r.reply.retcode === 0);
    if (answered && reachable.length === parties.length) await services.jobs.markEndSynced(job);
  }
}

function stopStatusOf(status: JobStatus): StopStatus {
  if (status === 'canceled' || status === 'timeout') return status;
  return 'failed';
}

export type ReturnLeakedResourcesDeps = Pick<SiteServices, 'events' | 'jobs' | 'resources' | 'site'>;

/** Grants in the pool whose job record here has ended (or is gone) go back. */
export async function returnLeakedResources(services: ReturnLeakedResourcesDeps): Promise<number> {
  const pool = await services.resources.getPool(services.site.pool.name);
  let returned = 0;
  for (const grant of pool?.grants ?? []) {
    const [jobId, role] = grant.jobId.split('#');
    if (jobId === undefined || role === undefined) continue;
    const job = (await services.jobs.getJobRecords(jobId)).find((r) => r.role === role);
    if (job !== undefined && !isEndStatus(job.status)) continue;
    if ((await services.resources.return(services.site.pool.name, job ? grantIdOf(job) : grant.jobId)) === 'returned') {
      returned += 1;
      if (job?.resourceInUse) await services.jobs.updateJobFields(job, { resourceInUse: false });
      await services.events.publish([{ type: 'ResourcesReturned', jobId }]);
    }
  }
  return returned;
}
