import type { CommandBodies, CommandName, FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { createFederationReceiver } from '../federation/federation-receiver.js';
import type { SiteServices } from '../site-services.js';

/** A party's message to its job's initiator, as the role it plays; local when the initiator is this site. */
export async function sendToInitiator<C extends CommandName>(
  services: SiteServices,
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
  if (job.initiatorPartyId === services.site.partyId) return createFederationReceiver(services).receive(message);
  return services.peers.call(message);
}
