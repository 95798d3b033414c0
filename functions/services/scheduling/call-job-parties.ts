import type { PartyRef } from '../../domain/job/roles.js';
import { partiesOf } from '../../domain/job/roles.js';
import type { CommandBodies, CommandName, FederatedMessage } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { combineFederatedRetcodes } from '../../domain/status/federated-result.js';
import { callParties, type FanOutResult, type PartyReply } from '../federation/fan-out.js';
import { createFederationReceiver } from '../federation/federation-receiver.js';
import type { SiteServices } from '../site-services.js';

/**
 * Sends a command for a job to parties of it, the initiator included: this site's own roles are
 * handled by the same receiver code a peer's message reaches (no network hop to itself), the other
 * parties through the peer client, all at once. Answers are combined as FATE does.
 */
export async function callJobParties<C extends CommandName>(
  services: SiteServices,
  job: JobRecord,
  command: C,
  body: CommandBodies[C],
  only?: readonly PartyRef[],
): Promise<FanOutResult> {
  const src = { role: job.initiatorRole, partyId: job.initiatorPartyId };
  const targets = only ?? partiesOf(job.roles);
  const local = targets.filter((party) => party.partyId === services.site.partyId);
  const remote = targets.filter((party) => party.partyId !== services.site.partyId);
  const receiver = createFederationReceiver(services);
  const [localReplies, remoteResult] = await Promise.all([
    Promise.all(
      local.map(async (dest): Promise<PartyReply> => {
        const message = { command, jobId: job.jobId, src, dest, body } as FederatedMessage<C>;
        return { party: dest, reply: await receiver.receive(message) };
      }),
    ),
    callParties(services.peers, { jobId: job.jobId, src, command, body }, remote),
  ]);
  const replies = [...localReplies, ...remoteResult.replies];
  return { replies, status: combineFederatedRetcodes(replies.map((r) => r.reply.retcode)) };
}
