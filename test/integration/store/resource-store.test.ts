import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { poolItemKey } from '../../../functions/adapters/dynamodb/keys.js';
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

/** A grant for a job initiated by `peer`. */
const peerGrant = (jobId: string, peer: number, cores: number, memory = 0, appliedAt = 1000): ResourceGrant => ({
  ...grant(jobId, cores, memory, appliedAt),
  peer,
});

async function poolItem(name: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await local.client.send(
    new GetCommand({ TableName: local.tableName, Key: poolItemKey(name), ConsistentRead: true }),
  );
  return Item;
}

describe("a peer's share of the pool", () => {
  const limit = { cores: 10, memory: 0 };

  it("grants a peer's jobs up to its limit, refuses the grant that would pass it, and leaves the site's own jobs unbounded", async () => {
    const name = await newPool(20);

    expect(await store.apply(name, peerGrant('peer-a', 10000, 6), limit)).toBe('granted');
    expect(await store.apply(name, peerGrant('peer-b', 10000, 5), limit)).toBe('peer_share_exceeded');
    expect(await store.apply(name, peerGrant('peer-c', 10000, 4), limit)).toBe('granted');
    expect(await store.apply(name, peerGrant('peer-d', 10000, 1), limit)).toBe('peer_share_exceeded');
    // Another peer has its own share; the site's own job is bounded only by what is left.
    expect(await store.apply(name, peerGrant('other-a', 7777, 4), limit)).toBe('granted');
    expect(await store.apply(name, grant('own-a', 6))).toBe('granted');
    expect(await store.apply(name, grant('own-b', 1))).toBe('insufficient');

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 20,
      memory: 0,
      nodes: 1,
      remainingCores: 0,
      remainingMemory: 0,
      grants: [
        peerGrant('other-a', 7777, 4),
        grant('own-a', 6),
        peerGrant('peer-a', 10000, 6),
        peerGrant('peer-c', 10000, 4),
      ],
    });
    expect([(await poolItem(name))?.peerCores, (await poolItem(name))?.peerMemory]).toEqual([
      { '7777': 4, '10000': 10 },
      { '7777': 0, '10000': 0 },
    ]);
  });

  it('refuses a grant larger than the whole limit without writing, and bounds memory as cores', async () => {
    const name = await newPool(40, 1000);
    const before = await poolItem(name);

    expect(await store.apply(name, peerGrant('huge', 10000, 21), { cores: 20, memory: 500 })).toBe(
      'peer_share_exceeded',
    );
    expect(await store.apply(name, peerGrant('hungry', 10000, 1, 501), { cores: 20, memory: 500 })).toBe(
      'peer_share_exceeded',
    );
    expect(await poolItem(name)).toEqual(before);

    expect(await store.apply(name, peerGrant('fits', 10000, 1, 400), { cores: 20, memory: 500 })).toBe('granted');
    expect(await store.apply(name, peerGrant('too-much', 10000, 1, 101), { cores: 20, memory: 500 })).toBe(
      'peer_share_exceeded',
    );
    expect((await poolItem(name))?.peerMemory).toEqual({ '10000': 400 });
  });

  it('never lets a peer past its limit: 50 concurrent applies of 3 cores under a limit of 10 grant exactly 3', async () => {
    const name = await newPool(100);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.apply(name, peerGrant(`job-${i}`, 10000, 3), limit)),
    );

    expect(results.filter((result) => result === 'granted')).toHaveLength(3);
    expect(results.filter((result) => result === 'peer_share_exceeded')).toHaveLength(47);
    const pool = await store.getPool(name);
    expect(pool?.remainingCores).toBe(91);
    expect(pool?.grants.map((held) => held.jobId).sort()).toEqual(
      results.flatMap((result, i) => (result === 'granted' ? [`job-${i}`] : [])).sort(),
    );
    expect((await poolItem(name))?.peerCores).toEqual({ '10000': 9 });
  });

  it("gives a returned grant back to the peer's share, once, and keeps the sum equal to its grants while applies and returns race", async () => {
    const name = await newPool(30);
    await store.apply(name, peerGrant('first', 10000, 10), limit);

    expect(await store.apply(name, peerGrant('second', 10000, 1), limit)).toBe('peer_share_exceeded');
    const returns = await Promise.all(Array.from({ length: 10 }, () => store.return(name, 'first')));
    expect(returns.filter((result) => result === 'returned')).toHaveLength(1);
    expect(await store.apply(name, peerGrant('second', 10000, 1), limit)).toBe('granted');

    const jobs = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    await Promise.all(
      jobs.flatMap((jobId, i) => [
        store.apply(name, peerGrant(jobId, 10000, (i % 3) + 1), limit),
        store.return(name, jobs[(i + 5) % jobs.length] ?? jobId),
      ]),
    );
    const pool = await store.getPool(name);
    const peerHeld = (pool?.grants ?? []).reduce((sum, held) => sum + held.cores, 0);
    expect((await poolItem(name))?.peerCores).toEqual({ '10000': peerHeld });
    expect(peerHeld).toBeLessThanOrEqual(10);
    expect(pool?.remainingCores).toBe(30 - peerHeld);
  });

  it('says already granted to a second apply of a granted job, even past the limit', async () => {
    const name = await newPool(20);
    await store.apply(name, peerGrant('job-a', 10000, 8), limit);

    expect(await store.apply(name, peerGrant('job-a', 10000, 8), limit)).toBe('already_granted');
    expect(await store.apply(name, peerGrant('job-a', 10000, 8), { cores: 4, memory: 0 })).toBe('already_granted');
  });

  it('adds the peer sums to a pool stored before they existed, keeping its totals and grants', async () => {
    pools += 1;
    const name = `pool-${pools}`;
    await local.client.send(
      new PutCommand({
        TableName: local.tableName,
        Item: {
          ...poolItemKey(name),
          type: 'pool',
          name,
          cores: 10,
          memory: 0,
          nodes: 1,
          remainingCores: 7,
          remainingMemory: 0,
          grants: { 'old-job': { cores: 3, memory: 0, appliedAt: 5 } },
        },
      }),
    );

    await store.ensurePool({ name, cores: 10, memory: 0, nodes: 1 });

    expect(await store.getPool(name)).toEqual({
      name,
      cores: 10,
      memory: 0,
      nodes: 1,
      remainingCores: 7,
      remainingMemory: 0,
      grants: [grant('old-job', 3, 0, 5)],
    });
    expect(await store.apply(name, peerGrant('new-job', 10000, 5), limit)).toBe('granted');
    expect((await poolItem(name))?.peerCores).toEqual({ '10000': 5 });
  });
});
