import { ArgumentError } from '../../domain/errors.js';
import { parseTransferTag, TRANSFER_PART_BYTES } from '../../domain/federation/transfer-parts.js';
import { describe } from '../../domain/job/party-id.js';
import type { FederatedMessage, PeerReply } from '../../domain/ports/peer-client.js';
import type { TransferStore } from '../../domain/ports/transfer-store.js';

/** How long a received value is kept for its reader: a job's tasks are long over by then. */
export const TRANSFER_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** What storing a transfer needs: a site's services have it, and so has a runner writing to its own site. */
export interface TransferDeps {
  readonly transfers: TransferStore;
  /** Epoch milliseconds. */
  readonly clock: () => number;
}

/**
 * FATE's `remote` arriving at this party: one value (or one part of a large value) that a task at
 * another party sent to one of this party's tasks, stored for that task's `get`. The sender was
 * checked before (signature; it and the addressee play in the job). A redelivery of the same bytes
 * succeeds again; different bytes under the same tag are refused. The runner calls this directly
 * for a value addressed to its own site (host → arbiter at the same party).
 */
export async function receiveTransfer(deps: TransferDeps, message: FederatedMessage<'transfer'>): Promise<PeerReply> {
  const { payload } = message.body;
  if (payload.kind !== 'inline') {
    throw new ArgumentError(
      `transfer ${describe(message.body.tag)}: object references are not taken; a large value comes as inline parts`,
    );
  }
  const { tag, index, count } = parseTransferTag(message.body.tag);
  const bytes = new Uint8Array(Buffer.from(payload.base64, 'base64'));
  if (bytes.byteLength > TRANSFER_PART_BYTES) {
    throw new ArgumentError(
      `transfer ${describe(message.body.tag)}: a part of ${bytes.byteLength} bytes is over the ${TRANSFER_PART_BYTES}-byte limit`,
    );
  }
  const outcome = await deps.transfers.putPart(
    { jobId: message.jobId, src: message.src, dest: message.dest, tag, index, count, bytes },
    deps.clock() + TRANSFER_RETENTION_MS,
  );
  return { retcode: 0, retmsg: outcome === 'stored' ? 'success' : 'success: already stored' };
}
