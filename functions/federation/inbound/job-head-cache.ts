import { BoundedCache } from '../../domain/bounded-cache.js';
import type { JobStore } from '../../domain/ports/job-store.js';
import type { JobHead } from '../../domain/records/job-head.js';

/** Heads kept per process: far more than the jobs a site runs at once; the oldest read goes first. */
export const JOB_HEADS_KEPT = 512;

/**
 * The jobs' heads as the federation endpoint checks every inbound call against them (initiator,
 * parties), each read from the store once per process rather than once per message. A head is
 * written once, before the job's first record, by a conditional put, and never changed or deleted
 * (adapters/dynamodb/job-head-item.ts), so the copy kept is the stored head for as long as it is
 * kept. What is not found is not kept (the job's create may store it next), nor is a refusal.
 */
export class JobHeadCache implements Pick<JobStore, 'getJobHead'> {
  private readonly heads: BoundedCache<string, JobHead>;

  constructor(
    private readonly store: Pick<JobStore, 'getJobHead'>,
    kept: number = JOB_HEADS_KEPT,
  ) {
    this.heads = new BoundedCache(kept);
  }

  async getJobHead(jobId: string): Promise<JobHead | undefined> {
    const known = this.heads.get(jobId);
    if (known !== undefined) return known;
    const head = await this.store.getJobHead(jobId);
    if (head === undefined) return undefined;
    this.heads.set(jobId, head);
    return head;
  }
}
