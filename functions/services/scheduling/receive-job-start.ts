import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { setLocalJobStatus } from '../jobs/set-local-job-status.js';
import type { SiteServices } from '../site-services.js';

/** FATE's `start` at a party: the job runs (waiting → running). Idempotent. */
export async function receiveJobStart(
  services: SiteServices,
  message: FederatedMessage<'job.start'>,
): Promise<PeerReply> {
  await setLocalJobStatus(services, message.jobId, 'running', { startTime: message.body.startTime }, message.dest);
  const job = await services.jobs.getJob({
    jobId: message.jobId,
    role: message.dest.role,
    partyId: services.site.partyId,
  });
  return job?.status === 'running'
    ? { retcode: 0, retmsg: 'success' }
    : {
        retcode: 10,
        retmsg: `job ${message.jobId} is ${job?.status ?? 'unknown'} at ${message.dest.role} ${services.site.partyId}; not started`,
      };
}
