import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { detect } from '../../../functions/services/detector/detect.js';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
  GUEST,
  HOST,
  jobOf,
  jobStatuses,
  partyTasks,
  startSchedulingFederation,
  submit,
  type TaskRow,
  waitForJobEnd,
  waitForJobEndEverywhere,
  waitForReports,
} from './support.js';
import { sleep } from './wait.js';

/** Four PassThrough components in a row at the guest and the host: eight task launches, each raced by sweeps. */
const CHAIN = ['c0', 'c1', 'c2', 'c3'];
const job = jobOf({
  arbiter: false,
  components: Object.fromEntries(
    CHAIN.map((name, index) => [
      name,
      index === 0 ? component('PassThrough') : component('PassThrough', { data: [`${CHAIN[index - 1]}.data`] }),
    ]),
  ),
});

/**
 * The detector may run at any moment (EventBridge's schedule locally is a timer; in AWS a Lambda
 * that can overlap anything). Here both sites sweep every SWEEP_PAUSE_MS for the whole job, so that
 * sweeps also land while tasks are being launched: between a task's `running` record and its
 * process, a window of a hundred milliseconds and more. (Back to back, with no pause, the sweeps
 * took a whole core from the suite's other files and from the job they watch.)
 */
const SWEEP_PAUSE_MS = 50;

describe('detector sweeps at any moment of a healthy job', () => {
  let federation: TestFederation;
  let jobId: string;
  let tasks: TaskRow[];

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    let ended = false;
    const sweeping = Promise.all(
      [GUEST, HOST].map(async (party) => {
        const services = federation.site(party).services;
        while (!ended) {
          await detect(services);
          await sleep(SWEEP_PAUSE_MS);
        }
      }),
    );
    try {
      await waitForJobEnd(federation, jobId, 30_000);
    } finally {
      ended = true;
      await sweeping;
    }
    await waitForJobEndEverywhere(federation, jobId, 5_000);
    await waitForReports(federation, jobId, 5_000);
    tasks = await partyTasks(federation, jobId);
  }, 40_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('takes no task that is being launched for one whose worker is gone', () => {
    expect(
      tasks.filter((t) => t.f_error_report !== '').map((t) => `${t.f_component_name} ${t.f_role}: ${t.f_error_report}`),
    ).toEqual([]);
  });

  it('lets the job succeed at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 success']);
  });
});
