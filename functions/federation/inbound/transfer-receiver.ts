import { ArgumentError } from '../../domain/errors.js';
import type { FederatedMessage, FederationReceiver, PeerReply } from '../../domain/ports/peer-client.js';
import { type AdmitTransferDeps, admitTransfer } from '../../services/federation/admit-transfer.js';
import { receiveTransfer, type TransferDeps } from '../../services/federation/receive-transfer.js';
import { replyOrRefusal } from './refusal-reply.js';

export type TransferReceiverDeps = AdmitTransferDeps & TransferDeps;

const onlyTransfers = (message: FederatedMessage): FederatedMessage<'transfer'> => {
  if (message.command !== 'transfer') {
    throw new ArgumentError(`${message.command}: a task's own site takes only transfers from it`);
  }
  return message as FederatedMessage<'transfer'>;
};

/**
 * The receiver a runner's loopback peer client hands a value for a task of its own site (host →
 * arbiter of one party): the same admission (the addressee's job still running here, the job's
 * transfer quota) and the same storing as the site's receiver gives a peer's `transfer`, with
 * nothing else of the site's receiver (a runner sends only transfers, and builds no services).
 */
export function createTransferReceiver(deps: TransferReceiverDeps): FederationReceiver {
  return {
    async admit(message: FederatedMessage): Promise<void> {
      await admitTransfer(deps, onlyTransfers(message));
    },
    receive(message: FederatedMessage): Promise<PeerReply> {
      return replyOrRefusal(() => receiveTransfer(deps, onlyTransfers(message)));
    },
  };
}
