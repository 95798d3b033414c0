import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestFederation } from '../../support/local-federation.js';
import {
  component,
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

/**
 * What only real runners and the real workflow show: the order and overlap of real task
 * processes. The statuses at every party, the host's pass and the returned cores of the same
 * kind of run are checked in memory (test/unit/services/scheduling/dag-run.test.ts).
 *
 * Five stages, two of them with parallel branches:
 *   source_0 → {left_0 (Sleep), right_0} → join_0 → {train_0 (Sleep), side_0} → report_0
 * report_0 need not run at the host, so the host passes it. Guest and host only: an arbiter would
 * add a third runner to every component and nothing to what is checked.
 */
const job = jobOf({
  arbiter: false,
  components: {
    source_0: component('PassThrough'),
    left_0: component('Sleep', { data: ['source_0.data'] }),
    right_0: component('PassThrough', { data: ['source_0.data'] }),
    join_0: component('PassThrough', { train_data: ['left_0.data'], validate_data: ['right_0.data'] }),
    train_0: component('Sleep', { train_data: ['join_0.data'] }),
    side_0: component('PassThrough', { data: ['join_0.data'] }),
    report_0: component('PassThrough', { data: ['train_0.data', 'side_0.data'] }),
  },
  jobParameters: { task_parallelism: 2 },
  parameters: { source_0: { rows: 8 }, left_0: { seconds: 0.3 }, train_0: { seconds: 0.2 } },
  roleParameters: { host: { '0': { report_0: { need_run: false } } } },
});

const EDGES: ReadonlyArray<readonly [string, string]> = [
  ['source_0', 'left_0'],
  ['source_0', 'right_0'],
  ['left_0', 'join_0'],
  ['right_0', 'join_0'],
  ['join_0', 'train_0'],
  ['join_0', 'side_0'],
  ['train_0', 'report_0'],
  ['side_0', 'report_0'],
];

describe('a five-stage DAG with parallel branches on two sites', () => {
  let federation: TestFederation;
  let jobId: string;
  let tasks: TaskRow[];

  beforeAll(async () => {
    federation = await startSchedulingFederation();
    jobId = await submit(federation, job);
    await waitForJobEnd(federation, jobId, 35_000);
    await waitForJobEndEverywhere(federation, jobId, 5_000);
    await waitForReports(federation, jobId, 5_000);
    tasks = await partyTasks(federation, jobId);
  }, 45_000);
  afterAll(async () => {
    await federation.stop();
  }, 20_000);

  it('succeeds with the same job status at every party', async () => {
    expect(await jobStatuses(federation, jobId)).toEqual(['guest 9999 success', 'host 10000 success']);
  });

  it('starts no component before every party finished each of its upstream components', () => {
    const started = (name: string) =>
      Math.min(...tasks.filter((t) => t.f_component_name === name).map((t) => t.f_start_time ?? Number.NaN));
    const ended = (name: string) =>
      Math.max(...tasks.filter((t) => t.f_component_name === name).map((t) => t.f_end_time ?? Number.NaN));
    const violations = EDGES.filter(([up, down]) => !(started(down) >= ended(up))).map(
      ([up, down]) => `${down} started at ${started(down)}, before ${up} ended at ${ended(up)}`,
    );
    expect(violations).toEqual([]);
  });

  it('runs the parallel branches of a stage at the same time', () => {
    const span = (name: string) => {
      const own = tasks.filter((t) => t.f_component_name === name && t.f_need_run);
      return {
        start: Math.min(...own.map((t) => t.f_start_time ?? Number.NaN)),
        end: Math.max(...own.map((t) => t.f_end_time ?? Number.NaN)),
      };
    };
    const overlap = (a: string, b: string) => span(a).start < span(b).end && span(b).start < span(a).end;
    expect({ stage1: overlap('left_0', 'right_0'), stage3: overlap('train_0', 'side_0') }).toEqual({
      stage1: true,
      stage3: true,
    });
  });
});
