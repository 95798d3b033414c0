/**
 * The site's end of a local runner's IPC channel (runner/delegation/ipc-delegation.ts): each
 * request is answered for the task the process was launched for, whatever the runner claims, so
 * a runner can have only its own key certified. The answer comes from the same service the AWS
 * `delegation` function runs (services/federation/delegate-task.ts).
 */
import type { ChildProcess } from 'node:child_process';
import type { DelegationReply } from '../../functions/adapters/runner-calls/contract.js';
import type { TaskKey } from '../../functions/domain/records/task-record.js';
import {
  DELEGATION_MESSAGE,
  type DelegationAnswerMessage,
  type DelegationRequestMessage,
} from '../../runner/delegation/ipc-delegation.js';

/** Certifies the runner's key for `task` (delegateTask with the site's stores and keys). */
export type DelegateKey = (
  task: TaskKey,
  request: { readonly publicKey: string; readonly ticket: string },
) => Promise<DelegationReply>;

function isRequest(message: unknown): message is DelegationRequestMessage {
  const candidate = message as Partial<DelegationRequestMessage> | null;
  return (
    candidate?.type === DELEGATION_MESSAGE &&
    typeof candidate.id === 'number' &&
    typeof candidate.publicKey === 'string' &&
    typeof candidate.ticket === 'string'
  );
}

export function serveDelegations(child: ChildProcess, task: TaskKey, delegate: DelegateKey): void {
  child.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const { id, publicKey, ticket } = message;
    delegate(task, { publicKey, ticket }).then(
      (reply) => answer(child, { type: DELEGATION_MESSAGE, id, ...reply }),
      (error: unknown) =>
        answer(child, { type: DELEGATION_MESSAGE, id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/**
 * The runner may have exited meanwhile (a task that finished before its delegated key came back):
 * its channel is closed, or closes while the answer is written (EPIPE), and there is no one to
 * tell. The callback takes that error, which would otherwise be an 'error' event that fails the
 * site (transfer-wakeups.ts's tellRunner does the same).
 */
function answer(child: ChildProcess, message: DelegationAnswerMessage): void {
  if (child.connected) child.send(message, () => undefined);
}
