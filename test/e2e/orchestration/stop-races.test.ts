import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  jobOf,
  jobStatuses,
  partyTasks,
  type RunnerProcess,
  startSchedulingFederation,
  submit,
  type TaskRow,
  waitForJobEndEverywhere,
  waitForLogs,
  waitForReports,
  waitForRunnersOfEach,
} from './support.js';

const WIDTH = 6;
const BRANCHES = Array.from({ length: WIDTH }, (_, index) => `slow_${index}`);

/**
 * WIDTH Sleep components side by side (one stage, all at once) at the guest and the host, each
 * sleeping far longer than twelve runners take to start on a loaded machine (the stop ends them).
 */
const job = jobOf({
  arbiter: false,
  components: Object.fromEntries(BRANCHES.map((name) => [name, component('Sleep')])),
  jobParameters: { task_parallelism: WIDTH },
  parameters: Object.fromEntries(BRANCHES.map((name) => [name, { seconds: 300 }])),
});

/**
 * A stopped task's runner exits at once on SIGTERM and its exit is reported while the stop is
 * still recording the stop status. The stop status must stay: the process ended because it was
 * stopped. (`timeout` is the stop status where it shows: FATE's table lets a task go from timeout
 * to failed, not from canceled.) Many tasks stopped together make the race likely.
 */
describe('a job stopped as timed out while many of its tasks run', () => {
  let federation: TestFederation;
  let jobId: string;
  let runners: RunnerProcess[];
  let tasks: TaskRow[];

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    // Twelve runners start at once on two cores: a generous wait (readiness, not a timing check),
    // for a loaded machine, where they take a minute or more.
    runners = await waitForRunnersOfEach(jobId, BRANCHES, 2, 180_000);
    await waitForLogs(federation, jobId, runners, 'sleeping 300 s', 60_000);
    const stop = await federation.post(GUEST, '/v1/job/stop', { job_id: jobId, stop_status: 'timeout' });
    expect(stop.retcode).toBe(0);
    await waitForJobEndEverywhere(federation, jobId, 15_000);
    await waitForReports(federation, jobId, 15_000);
    tasks = await partyTasks(federation, jobId);
  }, 300_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('times the job out at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 timeout', 'host 10000 timeout']);
  });

  it('keeps every stopped task timed out, none failed by its own exit afterwards', () => {
    expect(
      tasks.map((t) => `${t.f_component_name} ${t.f_role} ${t.f_party_status} ${t.f_error_report}`).sort(),
    ).toEqual(
      BRANCHES.flatMap((name) => [
        `${name} guest timeout stopped: job timeout`,
        `${name} host timeout stopped: job timeout`,
      ]).sort(),
    );
  });
});
