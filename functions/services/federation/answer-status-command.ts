import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { JobStatus } from '../../domain/status/statuses.js';
import type { SiteServices } from '../site-services.js';

export type AnswerStatusCommandDeps = Pick<SiteServices, 'jobs' | 'site'>;

/**
 * The answer to a status-setting command (`status/<s>`, `stop/<s>`): success when the record
 * changed, or when it already had that status (a redelivered command); NOT_EFFECTIVE (10) naming
 * the status it has otherwise.
 */
export async function answerStatusCommand(
  services: AnswerStatusCommandDeps,
  message: FederatedMessage,
  status: JobStatus,
  changed: boolean,
  what: string,
): Promise<PeerReply> {
  if (changed) return { retcode: 0, retmsg: 'success' };
  const job = await services.jobs.getJob({
    jobId: message.jobId,
    role: message.dest.role,
    partyId: services.site.partyId,
  });
  return job?.status === status
    ? { retcode: 0, retmsg: 'success' }
    : {
        retcode: 10,
        retmsg: `job ${message.jobId} is ${job?.status ?? 'unknown'} at ${message.dest.role} ${services.site.partyId}; ${what}`,
      };
}
