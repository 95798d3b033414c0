import type { TransferUsage } from '../federation/transfer-quota.js';
import type { PartyRef } from '../job/roles.js';
import type { JobStatus } from '../status/statuses.js';
import type { JobStore } from './job-store.js';
import type { TransferStore } from './transfer-store.js';

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

/** The same reads from the two stores, one request each (at once): for stores without a joint read. */
export function separateAdmissionReads(
  jobs: Pick<JobStore, 'getJobStatus'>,
  transfers: Pick<TransferStore, 'usage'>,
): TransferAdmissionReads {
  return {
    async read(jobId, dest) {
      const [status, usage] = await Promise.all([
        jobs.getJobStatus({ jobId, role: dest.role, partyId: dest.partyId }),
        transfers.usage(jobId),
      ]);
      return { status, usage };
    },
  };
}
