import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { answerStatusCommand } from '../federation/answer-status-command.js';
import { setLocalJobStatus } from '../jobs/set-local-job-status.js';
import type { SiteServices } from '../site-services.js';

/** FATE's `start` at a party: the job runs (waiting → running). Idempotent. */
export async function receiveJobStart(
  services: SiteServices,
  message: FederatedMessage<'job.start'>,
): Promise<PeerReply> {
  const changed = await setLocalJobStatus(
    services,
    message.jobId,
    'running',
    { startTime: message.body.startTime },
    message.dest,
  );
  return answerStatusCommand(services, message, 'running', changed.length > 0, 'not started');
}
