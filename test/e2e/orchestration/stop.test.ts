import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import { taskLogMessages } from '../../support/task-log.js';
import {
  component,
  GUEST,
  HOST,
  isProcessAlive,
  jobOf,
  jobStatuses,
  partyTaskStatuses,
  type RunnerProcess,
  runnerProcesses,
  sleep,
  startSchedulingFederation,
  submit,
  taskLogFile,
  waitFor,
  waitForJobEndEverywhere,
  waitForReports,
  waitForResourcesReturned,
  waitForTask,
  waitForWorkingRunners,
} from './support.js';

/**
 * source_0 → slow_0 → after_0 at the guest and the host; slow_0 sleeps 120 s, far longer than its
 * runners take to start on a loaded machine (the stop ends it long before).
 */
const job = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    slow_0: component('Sleep', { data: ['source_0.data'] }),
    after_0: component('PassThrough', { data: ['slow_0.data'] }),
  },
  parameters: { slow_0: { seconds: 120 } },
});

describe('a job stopped while a task runs at both parties', () => {
  let federation: TestFederation;
  let jobId: string;
  let runners: RunnerProcess[];
  let stopAnswer: { retcode: number; retmsg: string };
  /** Every party's job status as soon as the stop answered. */
  let statusesAtAnswer: string[];

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    for (const [role, partyId] of [
      ['guest', GUEST],
      ['host', HOST],
    ] as const) {
      // Ceilings for a loaded machine, where a runner takes seconds to start: readiness, not timing.
      await waitForTask(federation, jobId, { component: 'slow_0', role, partyId }, 'running', 60_000);
    }
    // Both runners are up, and in the component: the stop interrupts its work, not the process's start.
    runners = await waitForWorkingRunners(federation, jobId, 'slow_0', 2, 'sleeping 120 s', {
      up: 15_000,
      working: 20_000,
    });
    const answer = await federation.post(GUEST, '/v1/job/stop', { job_id: jobId });
    statusesAtAnswer = await jobStatuses(federation, jobId);
    stopAnswer = { retcode: answer.retcode, retmsg: answer.retmsg };
    await waitForJobEndEverywhere(federation, jobId, 15_000);
    await waitForReports(federation, jobId, 10_000);
  }, 150_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('is accepted', () => {
    expect(stopAnswer).toEqual({ retcode: 0, retmsg: 'success' });
  });

  it('was running one slow_0 runner per party', () => {
    expect(runners.map((r) => `${r.role} ${r.partyId} v${r.taskVersion}`).sort()).toEqual([
      'guest 9999 v0',
      'host 10000 v0',
    ]);
  });

  // At once, not at a sweep: the initiator stops every party before it answers.
  it('has canceled the job at every party by the time it answers', async () => {
    expect(statusesAtAnswer).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
  });

  it('cancels the running tasks at both parties and starts nothing after them', async () => {
    expect(await partyTaskStatuses(federation, jobId)).toEqual([
      'after_0 v0 guest 9999 waiting',
      'after_0 v0 host 10000 waiting',
      'slow_0 v0 guest 9999 canceled',
      'slow_0 v0 host 10000 canceled',
      'source_0 v0 guest 9999 success',
      'source_0 v0 host 10000 success',
    ]);
  });

  it('kills both runner processes', async () => {
    const alive = await waitFor(
      async () => {
        const still = [];
        for (const runner of runners) if (await isProcessAlive(runner.pid)) still.push(runner.pid);
        return still.length === 0 ? still : undefined;
      },
      5_000,
      () => `runners ${runners.map((r) => r.pid).join(', ')} still alive`,
    );
    expect(alive).toEqual([]);
    expect(await runnerProcesses(jobId)).toEqual([]);
  });

  it('records no success afterwards, in the store or in the task logs', async () => {
    await sleep(2_000);
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 canceled', 'host 10000 canceled']);
    const logs = await Promise.all(
      runners.map((r) => readFile(taskLogFile(federation, jobId, { ...r, version: r.taskVersion }), 'utf8')),
    );
    // The runner's SIGTERM handler logs "stopped" and exits; nothing after it.
    const messages = logs.map(taskLogMessages);
    expect(messages.map((lines) => [lines.some((line) => /success/.test(line)), lines.at(-1) === 'stopped'])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect((await partyTaskStatuses(federation, jobId)).filter((t) => t.startsWith('slow_0'))).toEqual([
      'slow_0 v0 guest 9999 canceled',
      'slow_0 v0 host 10000 canceled',
    ]);
  });

  it('returns every core at every site', async () => {
    expect(await waitForResourcesReturned(federation, 5_000)).toEqual([
      { partyId: 9999, cores: 20, remainingCores: 20, grants: [] },
      { partyId: 10000, cores: 20, remainingCores: 20, grants: [] },
    ]);
  });
});
