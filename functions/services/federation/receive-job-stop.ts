import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import { type SetLocalJobStatusDeps, setLocalJobStatus } from '../jobs/set-local-job-status.js';
import { type StopLocalTasksDeps, stopLocalTasks } from '../tasks/stop-local-tasks.js';
import { type AnswerStatusCommandDeps, answerStatusCommand } from './answer-status-command.js';

export type ReceiveJobStopDeps = AnswerStatusCommandDeps & SetLocalJobStatusDeps & StopLocalTasksDeps;

/**
 * A party's side of `stop/<status>`: move this party's record (in the addressed role) to the end
 * status and kill its running tasks. Idempotent: a job already in that status answers success again; a job that ended
 * otherwise answers NOT_EFFECTIVE (10) and keeps its status.
 */
export async function receiveJobStop(
  services: ReceiveJobStopDeps,
  message: FederatedMessage<'job.stop'>,
): Promise<PeerReply> {
  const { status, tag } = message.body;
  // Tasks first, so that a job seen ended has no task left running (also when it had ended otherwise:
  // a task must never outlive its job).
  await stopLocalTasks(services, message.jobId, message.dest.role, status);
  const changed = await setLocalJobStatus(
    services,
    message.jobId,
    status,
    tag === undefined ? {} : { tag },
    message.dest,
  );
  return answerStatusCommand(services, message, status, changed.length > 0, 'not stopped');
}
