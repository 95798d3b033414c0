import type { PartyRef } from '../../domain/job/roles.js';
import { partiesOf } from '../../domain/job/roles.js';
import type { CommandBodies, CommandName } from '../../domain/ports/peer-client.js';
import type { JobRecord } from '../../domain/records/job-record.js';
import { callParties, type FanOutResult } from '../federation/fan-out.js';
import type { SiteServices } from '../site-services.js';

/**
 * Sends a command for a job to parties of it, the initiator included, all at once through the peer
 * client (which hands this site's own roles to its own receiver). Answers are combined as FATE does.
 */
export async function callJobParties<C extends CommandName>(
  services: Pick<SiteServices, 'peers'>,
  job: JobRecord,
  command: C,
  body: CommandBodies[C],
  only?: readonly PartyRef[],
): Promise<FanOutResult> {
  const src = { role: job.initiatorRole, partyId: job.initiatorPartyId };
  return callParties(services.peers, { jobId: job.jobId, src, command, body }, only ?? partiesOf(job.roles));
}
