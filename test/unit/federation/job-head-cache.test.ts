import { describe, expect, it } from '@jest/globals';
import { PermissionError } from '../../../functions/domain/errors.js';
import type { JobStore } from '../../../functions/domain/ports/job-store.js';
import type { JobHead } from '../../../functions/domain/records/job-head.js';
import { JobHeadCache } from '../../../functions/federation/inbound/job-head-cache.js';

const head = (jobId: string): JobHead => ({
  jobId,
  initiator: { role: 'guest', partyId: 9999 },
  roles: { guest: [9999], host: [10000] },
  planDigest: `digest-${jobId}`,
});

/** The store's heads, in memory, counting the reads per job. */
class CountingHeads implements Pick<JobStore, 'getJobHead'> {
  readonly heads = new Map<string, JobHead>();
  readonly reads: string[] = [];
  refuse: string | undefined;

  async getJobHead(jobId: string): Promise<JobHead | undefined> {
    this.reads.push(jobId);
    if (this.refuse === jobId) throw new PermissionError(`job ${jobId}: its records here disagree`);
    const stored = this.heads.get(jobId);
    return stored === undefined ? undefined : { ...stored };
  }
}

describe("the federation endpoint's job heads", () => {
  it('reads a stored head once, then gives the same head for every later message of the job', async () => {
    const store = new CountingHeads();
    store.heads.set('j1', head('j1'));
    const cache = new JobHeadCache(store);

    const answers = [await cache.getJobHead('j1'), await cache.getJobHead('j1'), await cache.getJobHead('j1')];

    expect(answers).toEqual([head('j1'), head('j1'), head('j1')]);
    expect(store.reads).toEqual(['j1']);
  });

  it('keeps no answer for a job it does not know yet, so its head is found once created', async () => {
    const store = new CountingHeads();
    const cache = new JobHeadCache(store);

    expect(await cache.getJobHead('j2')).toBeUndefined();
    store.heads.set('j2', head('j2'));

    expect(await cache.getJobHead('j2')).toEqual(head('j2'));
    expect(store.reads).toEqual(['j2', 'j2']);
  });

  it('keeps no refusal: records that disagree are refused at every message', async () => {
    const store = new CountingHeads();
    store.refuse = 'j3';
    const cache = new JobHeadCache(store);

    await expect(cache.getJobHead('j3')).rejects.toThrow('job j3: its records here disagree');
    await expect(cache.getJobHead('j3')).rejects.toThrow('job j3: its records here disagree');
    expect(store.reads).toEqual(['j3', 'j3']);
  });

  it('keeps at most its limit of heads, letting the oldest read go first', async () => {
    const store = new CountingHeads();
    for (const jobId of ['a', 'b', 'c']) store.heads.set(jobId, head(jobId));
    const cache = new JobHeadCache(store, 2);

    for (const jobId of ['a', 'b', 'c', 'c', 'b', 'a']) await cache.getJobHead(jobId);

    expect(store.reads).toEqual(['a', 'b', 'c', 'a']);
  });
});
