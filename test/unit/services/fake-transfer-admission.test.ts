import { describe, expect, it } from '@jest/globals';
import { jobRecord } from '../../integration/store/records.js';
import { MemoryTransferStore, separateAdmissionReads } from '../../support/fakes/memory-data-stores.js';
import { MemoryJobStore } from '../../support/fakes/memory-job-store.js';

const JOB = '202612070000000000041';

describe('separateAdmissionReads: the admission reads from two stores', () => {
  it("reads the addressee's job status and the job's usage, and nothing for what is not there", async () => {
    const jobs = new MemoryJobStore(() => 0);
    const transfers = new MemoryTransferStore(() => 0);
    const reads = separateAdmissionReads(jobs, transfers);
    const host = { role: 'host', partyId: 10000 } as const;

    expect(await reads.read(JOB, host)).toEqual({ status: undefined, usage: { parts: 0, bytes: 0 } });

    await jobs.createJob(
      jobRecord({ jobId: JOB, role: 'host', partyId: 10000, isInitiator: false, status: 'running' }),
      [],
    );
    await transfers.putPart(
      {
        jobId: JOB,
        src: { role: 'guest', partyId: 9999 },
        dest: host,
        tag: 'r_0/0/x',
        index: 1,
        count: 1,
        bytes: new Uint8Array(9),
      },
      10,
    );

    expect(await reads.read(JOB, host)).toEqual({ status: 'running', usage: { parts: 1, bytes: 9 } });
    expect(await reads.read(JOB, { role: 'arbiter', partyId: 10000 })).toEqual({
      status: undefined,
      usage: { parts: 1, bytes: 9 },
    });
  });
});
