import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoResourceStore } from '../../../functions/adapters/dynamodb/resource-store.js';
import { NotFoundError } from '../../../functions/domain/errors.js';
import type { ResourceGrant } from '../../../functions/domain/ports/resource-store.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';

let local: LocalDynamo;
let store: DynamoResourceStore;
let pools = 0;

beforeAll(async () => {
  local = await startDynalite();
  store = new DynamoResourceStore(local.client, local.tableName);
});

afterAll(async () => {
  await local.stop();
});

/** A fresh pool for each test. */
async function newPool(cores: number, memory = 0): Promise<string> {
  pools += 1;
  const name = `pool-${pools}`;
  await store.ensurePool({ name, cores, memory, nodes: 1 });
  return name;
}

const grant = (jobId: string, cores: number, memory = 0, appliedAt = 1000): ResourceGrant => ({
  jobId,
  cores,
  memory,
  appliedAt,
});

describe('the resource pool', () => {
  it('starts with everything remaining and nothing granted', async () => {
    const name = await newPool(20, 4096);

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 20,
      memory: 4096,
      nodes: 1,
      remainingCores: 20,
      remainingMemory: 4096,
      grants: [],
    });
    expect(await store.getPool('no-such-pool')).toBeUndefined();
  });

  it('grants what fits, once per job, and refuses what does not fit', async () => {
    const name = await newPool(10, 1000);

    expect(await store.apply(name, grant('job-a', 4, 300, 1))).toBe('granted');
    expect(await store.apply(name, grant('job-a', 4, 300, 2))).toBe('already_granted');
    expect(await store.apply(name, grant('job-b', 7, 100, 3))).toBe('insufficient');
    expect(await store.apply(name, grant('job-c', 6, 800, 4))).toBe('insufficient');
    expect(await store.apply(name, grant('job-d', 6, 700, 5))).toBe('granted');

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 10,
      memory: 1000,
      nodes: 1,
      remainingCores: 0,
      remainingMemory: 0,
      grants: [grant('job-a', 4, 300, 1), grant('job-d', 6, 700, 5)],
    });
  });

  it('returns a grant once: the second return finds nothing held', async () => {
    const name = await newPool(8);
    await store.apply(name, grant('job-a', 5));

    expect(await store.return(name, 'job-a')).toBe('returned');
    expect(await store.return(name, 'job-a')).toBe('not_held');
    expect(await store.return(name, 'never-applied')).toBe('not_held');

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 8,
      memory: 0,
      nodes: 1,
      remainingCores: 8,
      remainingMemory: 0,
      grants: [],
    });
  });

  it('never over-grants: 50 concurrent applies of 3 cores on 20 cores grant exactly 6', async () => {
    const name = await newPool(20);

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.apply(name, grant(`job-${i}`, 3))));

    expect(results.filter((result) => result === 'granted')).toHaveLength(6);
    expect(results.filter((result) => result === 'insufficient')).toHaveLength(44);
    const pool = await store.getPool(name);
    expect(pool?.remainingCores).toBe(2);
    // The pool holds exactly the grants of the applies that were told 'granted'.
    const grantedJobs = results.flatMap((result, i) => (result === 'granted' ? [`job-${i}`] : []));
    expect(pool?.grants.map((held) => held.jobId).sort()).toEqual(grantedJobs.sort());
    expect(pool?.grants.every((held) => held.cores === 3)).toBe(true);
  });

  it('grants a job once when it applies twenty times at once', async () => {
    const name = await newPool(100);

    const results = await Promise.all(Array.from({ length: 20 }, () => store.apply(name, grant('job-x', 3))));

    expect(results.filter((result) => result === 'granted')).toHaveLength(1);
    expect(results.filter((result) => result === 'already_granted')).toHaveLength(19);
    expect((await store.getPool(name))?.remainingCores).toBe(97);
  });

  it('returns a grant once when twenty returns race', async () => {
    const name = await newPool(10);
    await store.apply(name, grant('job-x', 4));

    const results = await Promise.all(Array.from({ length: 20 }, () => store.return(name, 'job-x')));

    expect(results.filter((result) => result === 'returned')).toHaveLength(1);
    expect(results.filter((result) => result === 'not_held')).toHaveLength(19);
    expect((await store.getPool(name))?.remainingCores).toBe(10);
  });

  it('keeps remaining plus granted equal to the total while applies and returns interleave', async () => {
    const name = await newPool(12);
    const jobs = Array.from({ length: 30 }, (_, i) => `job-${i}`);

    await Promise.all(
      jobs.flatMap((jobId, i) => [
        store.apply(name, grant(jobId, (i % 3) + 1)),
        store.return(name, jobs[(i + 7) % jobs.length] ?? jobId),
      ]),
    );

    const pool = await store.getPool(name);
    const granted = (pool?.grants ?? []).reduce((sum, held) => sum + held.cores, 0);
    expect((pool?.remainingCores ?? -1) + granted).toBe(12);
    expect(pool?.remainingCores).toBeGreaterThanOrEqual(0);
  });

  it('keeps job ids with any characters apart as grant keys', async () => {
    const name = await newPool(10);
    const odd = ['job.with.dots', 'job with spaces', 'job#hash', 'grants', '#job'];

    for (const jobId of odd) expect(await store.apply(name, grant(jobId, 1))).toBe('granted');
    expect(await store.return(name, 'job#hash')).toBe('returned');

    expect((await store.getPool(name))?.grants.map((held) => held.jobId).sort()).toEqual(
      ['#job', 'grants', 'job with spaces', 'job.with.dots'].sort(),
    );
    expect((await store.getPool(name))?.remainingCores).toBe(6);
  });

  it('updates the totals of an existing pool and keeps its grants accounted for', async () => {
    const name = await newPool(10, 1000);
    await store.apply(name, grant('job-a', 6, 400, 7));

    await store.ensurePool({ name, cores: 16, memory: 800, nodes: 2 });

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 16,
      memory: 800,
      nodes: 2,
      remainingCores: 10,
      remainingMemory: 400,
      grants: [grant('job-a', 6, 400, 7)],
    });

    await store.ensurePool({ name, cores: 4, memory: 800, nodes: 2 });
    // Shrunk below what is granted: nothing more fits until the grant comes back.
    expect((await store.getPool(name))?.remainingCores).toBe(-2);
    expect(await store.apply(name, grant('job-b', 0, 0))).toBe('insufficient');
    expect(await store.return(name, 'job-a')).toBe('returned');
    expect((await store.getPool(name))?.remainingCores).toBe(4);
  });

  it('leaves a pool unchanged when ensured again with the same totals', async () => {
    const name = await newPool(10);
    await store.apply(name, grant('job-a', 3));
    const before = await store.getPool(name);

    await store.ensurePool({ name, cores: 10, memory: 0, nodes: 1 });

    expect(await store.getPool(name)).toEqual(before);
  });

  it('throws NotFoundError when applying to or returning from a pool that does not exist', async () => {
    await expect(store.apply('missing', grant('job-a', 1))).rejects.toThrow(NotFoundError);
    await expect(store.return('missing', 'job-a')).rejects.toThrow(NotFoundError);
    expect(await store.getPool('missing')).toBeUndefined();
  });
});
