import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Envelope } from '../../../client/flow-client.js';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  partyTasks,
  startSchedulingFederation,
  submit,
  type TaskRow,
  taskLogFile,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
  waitForResourcesReturned,
} from './support.js';

/** source_0 → flaky_0 (fails at task version 0) → after_0, at the guest, the host and the arbiter. */
const job = jobOf({
  components: {
    source_0: component('PassThrough'),
    flaky_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['flaky_0.data'] }),
  },
  jobParameters: { auto_retries: 0 },
  parameters: { flaky_0: { fail_while_version_below: 1 } },
});

const ROLE_PARTIES = [
  ['guest', GUEST],
  ['host', HOST],
  ['arbiter', HOST],
] as const;

describe('a job rerun after it failed at one component', () => {
  let federation: TestFederation;
  let jobId: string;
  let firstRun: { statuses: string[]; source: TaskRow[] };
  let rerun: Envelope;

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    await waitForJobEnd(federation, jobId, 25_000);
    const statuses = await waitForJobEndEverywhere(federation, jobId, 5_000);
    await waitForReports(federation, jobId, 5_000);
    firstRun = {
      statuses,
      source: (await partyTasks(federation, jobId)).filter((t) => t.f_component_name === 'source_0'),
    };
    rerun = await federation.post(GUEST, '/v1/job/rerun', { job_id: jobId });
    if (rerun.retcode === 0) {
      await waitForJobEnd(federation, jobId, 25_000);
      await waitForJobEndEverywhere(federation, jobId, 5_000);
      await waitForReports(federation, jobId, 5_000);
    }
  }, 55_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('first fails at every party', () => {
    expect(firstRun.statuses).toEqual(['arbiter 10000 failed', 'guest 9999 failed', 'host 10000 failed']);
  });

  it('is accepted, naming the failed component and its downstream', () => {
    expect({ retcode: rerun.retcode, retmsg: rerun.retmsg, data: rerun.data }).toEqual({
      retcode: 0,
      retmsg: 'success',
      data: { components: ['flaky_0', 'after_0'] },
    });
  });

  it('then succeeds at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual([
      'arbiter 10000 success',
      'guest 9999 success',
      'host 10000 success',
    ]);
  });

  it('runs a new task version 1 of the failed component and its downstream only', async () => {
    expect(await partyTaskStatuses(federation, jobId)).toEqual(
      ROLE_PARTIES.flatMap(([role, party]) => [
        `after_0 v0 ${role} ${party} waiting`,
        `after_0 v1 ${role} ${party} success`,
        `flaky_0 v0 ${role} ${party} failed`,
        `flaky_0 v1 ${role} ${party} success`,
        `source_0 v0 ${role} ${party} success`,
      ]).sort(),
    );
  });

  it('keeps the upstream success as it was: not run again', async () => {
    const source = (await partyTasks(federation, jobId)).filter((t) => t.f_component_name === 'source_0');
    const times = (rows: readonly TaskRow[]) =>
      rows.map((t) => `${t.f_role} ${t.f_party_id} ${t.f_start_time} ${t.f_end_time}`).sort();
    expect(times(source)).toEqual(times(firstRun.source));
    const logs = await Promise.all(
      ROLE_PARTIES.map(([role, partyId]) =>
        readFile(taskLogFile(federation, jobId, { component: 'source_0', role, partyId }), 'utf8'),
      ),
    );
    // One runner start per party, ever.
    expect(logs.map((log) => log.split('\n').filter((line) => line.startsWith('--- ')).length)).toEqual([1, 1, 1]);
  });

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 5_000)).toEqual([
      { partyId: GUEST, cores: 20, remainingCores: 20, grants: [] },
      { partyId: HOST, cores: 20, remainingCores: 20, grants: [] },
    ]);
  });
});
