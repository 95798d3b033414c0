import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { setLocalJobStatus } from '../jobs/set-local-job-status.js';
import type { SiteServices } from '../site-services.js';

/**
 * A party's side of `status/<status>`: mirror the initiator's job status on this party's record
 * (in the addressed role) where the table allows it. Idempotent like stop.
 */
export async function receiveJobStatus(
  services: SiteServices,
  message: FederatedMessage<'job.status'>,
): Promise<PeerReply> {
  const { status, tag } = message.body;
  const changed = await setLocalJobStatus(
    services,
    message.jobId,
    status,
    tag === undefined ? {} : { tag },
    message.dest,
  );
  if (changed.length > 0) return { retcode: 0, retmsg: 'success' };
  const job = await services.jobs.getJob({
    jobId: message.jobId,
    role: message.dest.role,
    partyId: services.site.partyId,
  });
  return job?.status === status
    ? { retcode: 0, retmsg: 'success' }
    : {
        retcode: 10,
        retmsg: `job ${message.jobId} is ${job?.status ?? 'unknown'} at ${message.dest.role} ${services.site.partyId}; ${status} not applied`,
      };
}
