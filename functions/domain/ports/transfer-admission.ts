import type { TransferUsage } from '../federation/transfer-quota.js';
import type { PartyRef } from '../job/roles.js';
import type { JobStatus } from '../status/statuses.js';

/** What admitting one transferred part reads at the addressee's site (services/federation/admit-transfer.ts). */
export interface TransferAdmissionState {
  /** The addressee's job record's status here; undefined when it has none. */
  readonly status: JobStatus | undefined;
  /** What the job's parts already take up here. */
  readonly usage: TransferUsage;
}

/**
 * The two reads before a part is admitted, made together: every part of every exchange passes
 * them (several hundred per hetero-LR job), so a store that holds both in one table answers them
 * in one request (adapters/dynamodb/transfer-admission-reads.ts).
 */
export interface TransferAdmissionReads {
  read(jobId: string, dest: PartyRef): Promise<TransferAdmissionState>;
}
