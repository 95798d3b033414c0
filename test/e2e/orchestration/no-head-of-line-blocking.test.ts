import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  pool,
  SWEEP_MS,
  sleep,
  startSchedulingFederation,
  submit,
  waitFor,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForResourcesReturned,
  waitForRunners,
} from './support.js';

/** One Sleep at the guest and the host, holding `cores` at each while the job runs. */
const sleepJob = (cores: number, seconds: number) =>
  jobOf({
    arbiter: false,
    components: { slow_0: component('Sleep') },
    jobParameters: { task_cores: cores },
    parameters: { slow_0: { seconds } },
  });

/**
 * The host's refusals of a job's resource apply, as the host stored its answers (every
 * federation message's reply is kept for idempotency): one per scheduling attempt of that job.
 */
async function refusedApplies(federation: TestFederation, jobId: string): Promise<number> {
  const { client, tableName } = federation.site(HOST).table;
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const retmsg = String((item.reply as { retmsg?: unknown } | undefined)?.retmsg ?? '');
      if (String(item.PK).startsWith('MESSAGE#') && retmsg.includes(`job ${jobId} needs`)) count += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

describe('two waiting jobs, the first of which cannot get the host its cores', () => {
  let federation: TestFederation;
  /** Runs long, holding 3 of the host's 4 cores. */
  let holder: string;
  /** Needs 2 of the host's cores: passes create (the host's limit is 4) but never fits beside the holder. */
  let big: string;
  /** Needs 1: fits. */
  let small: string;

  beforeAll(async () => {
    federation = await startSchedulingFederation({
      sites: [
        { party_id: GUEST, cores: 20 },
        // The guest's jobs may hold all of the host's cores: this is about the queue, not a peer's share.
        { party_id: HOST, cores: 4, peer_resource_share: 1 },
      ],
    });
    holder = await submit(federation, sleepJob(3, 30));
    await waitForRunners(holder, 'slow_0', 2, 15_000);
    big = await submit(federation, sleepJob(2, 0));
    small = await submit(federation, sleepJob(1, 0));
    await waitForJobEnd(federation, small, 15_000);
    await waitForJobEndEverywhere(federation, small, 5_000);
  }, 40_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('has the holder keep 3 of the 4 host cores', async () => {
    // The small job's grant goes back just after its end status reaches the parties.
    const held = await waitFor(
      async () => {
        const view = await pool(federation, HOST);
        return view.grants.length === 1 ? view : undefined;
      },
      5_000,
      async () => `host pool: ${JSON.stringify(await pool(federation, HOST))}`,
    );
    expect(held).toEqual({
      partyId: HOST,
      cores: 4,
      remainingCores: 1,
      grants: [`${holder}#host`],
    });
  });

  it('runs the second job to success while the first stays waiting everywhere', async () => {
    expect(await jobStatuses(federation, small)).toEqual(['guest 9999 success', 'host 10000 success']);
    expect(await jobStatuses(federation, big)).toEqual(['guest 9999 waiting', 'host 10000 waiting']);
    expect(await partyTaskStatuses(federation, big)).toEqual([
      'slow_0 v0 guest 9999 waiting',
      'slow_0 v0 host 10000 waiting',
    ]);
  });

  it('tries the job that does not fit again at the sweep pace, not in a busy loop', async () => {
    // Nothing else happens in this window: no submit, no job ends, no resources come back.
    const before = await refusedApplies(federation, big);
    await sleep(SWEEP_MS);
    const during = (await refusedApplies(federation, big)) - before;
    // One try per sweep (two if the window straddles two ticks).
    expect(during).toBeLessThanOrEqual(2);
  }, 15_000);

  it('starts the first job once the holder is stopped, and runs it to success', async () => {
    expect((await federation.post(GUEST, '/v1/job/stop', { job_id: holder })).retcode).toBe(0);
    await waitForJobEnd(federation, big, 15_000);
    expect(await waitForJobEndEverywhere(federation, big, 5_000)).toEqual(['guest 9999 success', 'host 10000 success']);
    expect(await jobStatuses(federation, holder)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
  }, 25_000);

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 5_000)).toEqual([
      { partyId: GUEST, cores: 20, remainingCores: 20, grants: [] },
      { partyId: HOST, cores: 4, remainingCores: 4, grants: [] },
    ]);
  });
});
