import type {
  CommandBodies,
  CommandName,
  FederatedMessage,
  PeerClient,
  PeerReply,
} from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';

/**
 * A party's message to its job's initiator, as the role it plays. An initiator at this same site
 * is reached through `peers` too: the site's peer client hands the message to its own receiver.
 */
export function sendToInitiator<C extends CommandName>(
  peers: PeerClient,
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
  return peers.call(message);
}
