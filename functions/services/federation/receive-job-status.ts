import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from '../jobs/set-local-job-status.js';
import { type AnswerStatusCommandDeps, answerStatusCommand } from './answer-status-command.js';

export type ReceiveJobStatusDeps = AnswerStatusCommandDeps & SetLocalJobStatusDeps;

/**
 * A party's side of `status/<status>`: mirror the initiator's job status on this party's record
 * (in the addressed role) where the table allows it — a rerun may take an ended job back to
 * waiting. Idempotent like stop.
 */
export async function receiveJobStatus(
  services: ReceiveJobStatusDeps,
  message: FederatedMessage<'job.status'>,
): Promise<PeerReply> {
  const { status, tag, rerun } = message.body;
  const patch = { ...(tag === undefined ? {} : { tag }), ...(rerun ? { progress: 0 } : {}) };
  const changed = await setLocalJobStatus(services, message.jobId, status, patch, message.dest, {
    rerun: rerun === true,
  });
  return answerStatusCommand(services, message, status, changed.length > 0, `${status} not applied`);
}
