import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type AnswerStatusCommandDeps, answerStatusCommand } from '../federation/answer-status-command.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from '../jobs/set-local-job-status.js';

export type ReceiveJobStartDeps = AnswerStatusCommandDeps & SetLocalJobStatusDeps;

/** FATE's `start` at a party: the job runs (waiting → running). Idempotent. */
export async function receiveJobStart(
  services: ReceiveJobStartDeps,
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
