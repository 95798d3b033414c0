/**
 * The local runtime's way to certify a runner's key: the runner is a child process of its site,
 * spawned with an IPC channel, so it asks its parent (local/launcher/delegation-channel.ts). The
 * channel belongs to this one process: no other task can speak on it.
 */

import { delegationReply } from '../../functions/adapters/runner-calls/contract.js';
import type { DelegationRequester } from '../../functions/adapters/runner-calls/delegation-client.js';

/** The messages on the channel; `id` pairs an answer with its request. */
export const DELEGATION_MESSAGE = 'fate-flow-delegation';

export interface DelegationRequestMessage {
  readonly type: typeof DELEGATION_MESSAGE;
  readonly id: number;
  readonly publicKey: string;
  readonly ticket: string;
}

export interface DelegationAnswerMessage {
  readonly type: typeof DELEGATION_MESSAGE;
  readonly id: number;
  readonly certificate?: string;
  readonly notAfter?: number;
  readonly error?: string;
}

/** Gives up on a parent that does not answer (it may be gone): the transfer then fails, naming why. */
const ANSWER_TIMEOUT_MS = 30_000;

export function ipcDelegation(ticket: string, channel: NodeJS.Process = process): DelegationRequester {
  let next = 0;
  return (publicKey) => {
    const send = channel.send?.bind(channel);
    if (send === undefined) return Promise.reject(new Error('the runner has no IPC channel to its site'));
    const id = ++next;
    return new Promise((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        channel.off('message', onMessage);
        channel.channel?.unref();
        settle();
      };
      const onMessage = (message: unknown) => {
        const answer = message as Partial<DelegationAnswerMessage> | null;
        if (answer?.type !== DELEGATION_MESSAGE || answer.id !== id) return;
        if (answer.error !== undefined) {
          done(() => reject(new Error(`the site refused to delegate a key: ${answer.error}`)));
          return;
        }
        const parsed = delegationReply.safeParse({ certificate: answer.certificate, notAfter: answer.notAfter });
        done(() =>
          parsed.success ? resolve(parsed.data) : reject(new Error('the site answered an unexpected delegation')),
        );
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`the site did not answer a delegation within ${ANSWER_TIMEOUT_MS} ms`))),
        ANSWER_TIMEOUT_MS,
      );
      channel.on('message', onMessage);
      // Held open only while waiting: an idle channel must not keep a finished runner alive.
      channel.channel?.ref();
      const request: DelegationRequestMessage = { type: DELEGATION_MESSAGE, id, publicKey, ticket };
      send(request);
    });
  };
}
