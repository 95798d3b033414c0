import { NotFoundError, RetCode } from '../../domain/errors.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { isEndStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';

/** A site playing two roles in one job holds a grant per role: the grant id names both. */
export const grantIdOf = (job: Pick<JobRecord, 'jobId' | 'role'>): string => `${job.jobId}#${job.role}`;

async function addressedJob(services: SiteServices, message: FederatedMessage): Promise<JobRecord> {
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

/**
 * FATE's `resource/apply` at one party: hold the job's cores (its plan's demand for this role)
 * in the site's pool — one atomic conditional update — or say how many are free. Idempotent.
 */
export async function receiveResourceApply(services: SiteServices, message: FederatedMessage): Promise<PeerReply> {
  const job = await addressedJob(services, message);
  const pool = services.site.pool.name;
  const result = await services.resources.apply(pool, {
    jobId: grantIdOf(job),
    cores: job.cores,
    memory: job.memory,
    appliedAt: services.clock(),
  });
  if (result === 'insufficient') {
    const free = (await services.resources.getPool(pool))?.remainingCores ?? 0;
    return {
      retcode: RetCode.OPERATING_ERROR,
      retmsg: `party ${services.site.partyId} (${job.role}) has ${free} free cores; job ${job.jobId} needs ${job.cores}`,
    };
  }
  await services.jobs.updateJobFields(job, { resourceInUse: true });
  return { retcode: RetCode.SUCCESS, retmsg: 'success' };
}

/** FATE's `resource/return`: give the job's cores back. Returning what is not held is success. */
export async function receiveResourceReturn(services: SiteServices, message: FederatedMessage): Promise<PeerReply> {
  const job = await addressedJob(services, message);
  const result = await services.resources.return(services.site.pool.name, grantIdOf(job));
  if (job.resourceInUse) await services.jobs.updateJobFields(job, { resourceInUse: false });
  // Only a job that has ended frees cores worth a scheduling pass; the rollback of a refused
  // apply returns cores to the same waiting job and must not wake the scheduler for it again.
  if (result === 'returned' && isEndStatus(job.status)) {
    await services.events.publish([{ type: 'ResourcesReturned', jobId: job.jobId }]);
  }
  return { retcode: RetCode.SUCCESS, retmsg: 'success' };
}
