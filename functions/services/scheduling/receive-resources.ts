import { NotFoundError, RetCode } from '../../domain/errors.js';
import { heldForPeer, peerShareLimit, peerShareRefusal } from '../../domain/plan/peer-share.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';

/** A site playing two roles in one job holds a grant per role: the grant id names both. */
export const grantIdOf = (job: Pick<JobRecord, 'jobId' | 'role'>): string => `${job.jobId}#${job.role}`;

async function addressedJob(
  services: Pick<SiteServices, 'jobs' | 'site'>,
  message: FederatedMessage,
): Promise<JobRecord> {
  const job = await services.jobs.getJob({
    jobId: message.jobId,
    role: message.dest.role,
    partyId: services.site.partyId,
  });
  if (job === undefined) {
    throw new NotFoundError(
      `job ${message.jobId} has no ${message.dest.role} record at party ${services.site.partyId}`,
    );
  }
  return job;
}

export type ReceiveResourceApplyDeps = Pick<SiteServices, 'clock' | 'jobs' | 'resources' | 'site'>;

/**
 * FATE's `resource/apply` at one party: hold the job's cores (its plan's demand for this role)
 * in the site's pool — one atomic conditional update — or say why not. A job another party
 * initiated is also bounded by that party's share of the pool (site.peerResourceShare), in the
 * same update; an ended job gets nothing. Idempotent.
 */
export async function receiveResourceApply(
  services: ReceiveResourceApplyDeps,
  message: FederatedMessage,
): Promise<PeerReply> {
  const job = await addressedJob(services, message);
  const { partyId, pool, peerResourceShare } = services.site;
  if (isEndStatus(job.status)) {
    return {
      retcode: RetCode.OPERATING_ERROR,
      retmsg: `job ${job.jobId} is ${job.status} at ${job.role} ${partyId}; an ended job holds no resources`,
    };
  }
  const peer = job.initiatorPartyId === partyId ? undefined : job.initiatorPartyId;
  const demand = { cores: job.cores, memory: job.memory };
  const result = await services.resources.apply(
    pool.name,
    { jobId: grantIdOf(job), ...demand, appliedAt: services.clock(), ...(peer === undefined ? {} : { peer }) },
    peer === undefined ? undefined : peerShareLimit(pool, peerResourceShare),
  );
  if (result === 'peer_share_exceeded' && peer !== undefined) {
    const grants = (await services.resources.getPool(pool.name))?.grants ?? [];
    return {
      retcode: RetCode.OPERATING_ERROR,
      retmsg: peerShareRefusal({
        partyId,
        jobId: job.jobId,
        peer: `${job.initiatorRole} ${job.initiatorPartyId}`,
        share: peerResourceShare,
        pool,
        held: heldForPeer(grants, peer),
        demand,
      }),
    };
  }
  if (result !== 'granted' && result !== 'already_granted') {
    const free = (await services.resources.getPool(pool.name))?.remainingCores ?? 0;
    return {
      retcode: RetCode.OPERATING_ERROR,
      retmsg: `party ${partyId} (${job.role}) has ${free} free cores; job ${job.jobId} needs ${job.cores}`,
    };
  }
  await services.jobs.updateJobFields(job, { resourceInUse: true });
  return { retcode: RetCode.SUCCESS, retmsg: 'success' };
}

export type ReceiveResourceReturnDeps = Pick<SiteServices, 'jobs' | 'site'> & ReturnJobResourcesDeps;

/** FATE's `resource/return`: give the job's cores back. Returning what is not held is success. */
export async function receiveResourceReturn(
  services: ReceiveResourceReturnDeps,
  message: FederatedMessage,
): Promise<PeerReply> {
  await returnJobResources(services, await addressedJob(services, message));
  return { retcode: RetCode.SUCCESS, retmsg: 'success' };
}

export type ReturnJobResourcesDeps = Pick<SiteServices, 'events' | 'jobs' | 'resources' | 'site'>;

/**
 * Gives back what this record's job holds here (nothing held: nothing changes); whether something
 * came back. `ended`: the job has ended since `job` was read.
 */
export async function returnJobResources(
  services: ReturnJobResourcesDeps,
  job: JobRecord,
  ended = isEndStatus(job.status),
): Promise<boolean> {
  const result = await services.resources.return(services.site.pool.name, grantIdOf(job));
  if (job.resourceInUse) await services.jobs.updateJobFields(job, { resourceInUse: false });
  // Only a job that has ended frees cores worth a scheduling pass; the rollback of a refused
  // apply returns cores to the same waiting job and must not wake the scheduler for it again.
  if (result === 'returned' && ended) {
    await services.events.publish([{ type: 'ResourcesReturned', jobId: job.jobId }]);
  }
  return result === 'returned';
}
