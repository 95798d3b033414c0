import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  pools,
  sleep,
  startSchedulingFederation,
  submit,
  waitForJobEnd,
  waitForRunners,
} from './support.js';

const mk = (cores: number, seconds: number) =>
  jobOf({
    arbiter: false,
    components: { slow_0: component('Sleep') },
    jobParameters: { task_cores: cores },
    parameters: { slow_0: { seconds } },
  });

async function refusals(federation: TestFederation, jobId: string): Promise<number> {
  const { client, tableName } = federation.site(HOST).table;
  const page = await client.send(new ScanCommand({ TableName: tableName }));
  return (page.Items ?? []).filter((i) => String(i.PK).startsWith('MESSAGE#') && JSON.stringify(i).includes(jobId) && JSON.stringify(i).includes('free cores')).length;
}

describe('experiment', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await startSchedulingFederation({ sites: [{ party_id: 9999, cores: 20 }, { party_id: 10000, cores: 4 }] });
  }, 45_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('hol', async () => {
    const b = await submit(federation, mk(3, 30));
    await waitForRunners(b, 'slow_0', 2, 10_000);
    console.log(JSON.stringify(await pools(federation)));
    const a = await submit(federation, mk(2, 0));
    const c = await submit(federation, mk(1, 0));
    const t = Date.now();
    console.log(await waitForJobEnd(federation, c, 20_000), Date.now() - t);
    console.log(await jobStatuses(federation, a), await refusals(federation, a));
    await sleep(3000);
    console.log(await jobStatuses(federation, a), await refusals(federation, a));
    expect(1).toBe(1);
  }, 60_000);
});
