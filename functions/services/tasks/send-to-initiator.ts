import type { CommandBodies, CommandName, FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import type { SiteServices } from '../site-services.js';

/** A party's message to its job's initiator, as the role it plays (the peer client keeps one to this site local). */
export async function sendToInitiator<C extends CommandName>(
  services: Pick<SiteServices, 'peers'>,
  job: JobRecord,
  command: C,
  body: CommandBodies[C],
): Promise<PeerReply> {
  const message = {
    command,
    jobId: job.jobId,
    src: { role: job.role, partyId: job.partyId },
    dest: { role: job.initiatorRole, partyId: job.initiatorPartyId },
    body,
  } as FederatedMessage<C>;
  return services.peers.call(message);
}
