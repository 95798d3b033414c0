import type { TransferUsage } from '../federation/transfer-quota.js';
import type { PartyRef } from '../job/roles.js';

/** Where one transferred value sits: which job, from whom, to whom, under which scoped tag. */
export interface TransferKey {
  readonly jobId: string;
  readonly src: PartyRef;
  readonly dest: PartyRef;
  /** `<component>/<taskVersion>/<tag>` (functions/domain/federation/transfer-parts.ts), without a part suffix. */
  readonly tag: string;
}

/** One part of a transferred value (a whole value is part 1 of 1). */
export interface TransferPart extends TransferKey {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  readonly bytes: Uint8Array;
}

/**
 * The values other parties' tasks sent to this party's tasks (FATE's `remote` / `get` data plane),
 * kept until they expire (an attribute readers compare with the clock; TTL may also sweep them).
 */
export interface TransferStore {
  /**
   * Stores a part: 'stored' when new, 'same' when identical bytes are there already (a redelivery).
   * Different bytes under the same key are refused (OperatingError): a value once sent cannot change.
   * A new part over the job's quota (domain/federation/transfer-quota.ts) is refused
   * (OperatingError) and nothing is stored; the quota is counted in a conditional write, so
   * racing senders cannot pass it together.
   */
  putPart(part: TransferPart, expiresAt: number): Promise<'stored' | 'same'>;
  /** Every unexpired part stored under the key, by index; empty while nothing has arrived. */
  listParts(key: TransferKey): Promise<TransferPart[]>;
  /** What the job's parts stored here take up, as the quota counts them. */
  usage(jobId: string): Promise<TransferUsage>;
}
