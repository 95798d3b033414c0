import { NotFoundError } from '../../domain/errors.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { stoppedByTag } from '../jobs/end-party-part.js';
import { type StopJobDeps, stopJob } from '../jobs/stop-job.js';
import type { SiteServices } from '../site-services.js';

export type ReceivePartyStopDeps = Pick<SiteServices, 'jobs' | 'site'> & StopJobDeps;

/**
 * The initiator's side of `job.party.stop`: a party has stopped its part, so the job stops at
 * every party (FATE: a stop at a party stops the job), tagged with the party that stopped it —
 * the authenticated sender, not what the message says. A job already ended answers NOT_EFFECTIVE.
 */
export async function receivePartyStop(
  services: ReceivePartyStopDeps,
  message: FederatedMessage<'job.party.stop'>,
): Promise<PeerReply> {
  const records = await services.jobs.getJobRecords(message.jobId);
  // Only the initiator acts on it (a site without the initiator's record would pass it on, to itself).
  if (!records.some((record) => record.isInitiator && record.role === message.dest.role)) {
    throw new NotFoundError(
      `job ${message.jobId} has no initiator record (${message.dest.role}) at party ${services.site.partyId}`,
    );
  }
  return stopJob(services, message.jobId, message.body.status, stoppedByTag(message.src, message.body.tag));
}
