import { OperatingError } from '../../domain/errors.js';
import { fitsTransferQuota, transferQuotaRefusal } from '../../domain/federation/transfer-quota.js';
import type { FederatedMessage } from '../../domain/ports/peer-client.js';
import type { TransferAdmissionReads } from '../../domain/ports/transfer-admission.js';
import { isEndStatus } from '../../domain/status/statuses.js';

/** Also what a runner's loopback needs to take a value for its own site's task (federation/inbound/transfer-receiver.ts). */
export interface AdmitTransferDeps {
  /** The addressee's job status and the job's transfer usage, read together. */
  readonly transferAdmission: TransferAdmissionReads;
}

/**
 * Whether this site takes a peer's transfer at all, read before anything is recorded: its
 * addressee's job must still be running here (a value for an ended job has no reader, and would
 * sit in the table for days), and the job's transfers must still fit its quota. The store counts
 * the quota again in its conditional write, for senders racing past this read. (A sender's retry
 * of a part taken just before the quota filled is refused here too: the quota is far above what
 * jobs send, so that edge is left.)
 */
export async function admitTransfer(services: AdmitTransferDeps, message: FederatedMessage<'transfer'>): Promise<void> {
  const { jobId, dest } = message;
  const { status, usage } = await services.transferAdmission.read(jobId, dest);
  if (status === undefined) {
    throw new OperatingError(`transfer refused: job ${jobId} has no ${dest.role} ${dest.partyId} record here`);
  }
  if (isEndStatus(status)) {
    throw new OperatingError(
      `transfer refused: job ${jobId} has ended at ${dest.role} ${dest.partyId} (${status}); nothing reads it any more`,
    );
  }
  const { payload } = message.body;
  const bytes = payload.kind === 'inline' ? Buffer.byteLength(payload.base64, 'base64') : 0;
  if (!fitsTransferQuota(usage, bytes)) {
    throw new OperatingError(transferQuotaRefusal(jobId, usage, bytes), { details: { jobId } });
  }
}
