import { describe, expect, it } from '@jest/globals';
import type { JobSource } from '../../../cli/view/job-snapshot.js';
import { watchJob } from '../../../cli/view/job-watch.js';
import type { Envelope } from '../../../client/flow-client.js';

const JOB = '202612071000000000001';
const DSL = {
  components: {
    reader_0: { module: 'Reader', output: { data: ['data'] } },
    hetero_lr_0: {
      module: 'HeteroLR',
      input: { data: { train_data: ['reader_0.data'] } },
      output: { data: ['data'], model: ['model'] },
    },
  },
};

type TaskStatuses = Readonly<Record<string, readonly string[]>>;

/** One look the site gives: the job's status and progress, each component's party statuses, the loss curve. */
interface Look {
  readonly status: string;
  readonly progress: number;
  readonly tag?: string;
  readonly tasks: TaskStatuses;
  readonly loss?: ReadonlyArray<readonly [number, number]>;
  readonly error?: string;
}

const PARTIES = [
  ['guest', '9999'],
  ['host', '10000'],
  ['arbiter', '10000'],
] as const;

/** The guest's site answering from a script of looks, one per job query; every request is recorded. */
function scriptedSite(looks: readonly Look[]): JobSource & { requests: string[] } {
  let index = -1;
  const requests: string[] = [];
  const look = () => looks[Math.min(index, looks.length - 1)] as Look;
  return {
    requests,
    async post(path: string, body: unknown): Promise<Envelope> {
      requests.push(`${path} ${JSON.stringify(body)}`);
      if (path === '/v1/job/query') {
        index += 1;
        const { status, progress, tag = '' } = look();
        const row = {
          f_job_id: JOB,
          f_role: 'guest',
          f_party_id: '9999',
          f_is_initiator: true,
          f_status: status,
          f_progress: progress,
          f_tag: tag,
          f_dsl: DSL,
        };
        return { retcode: 0, retmsg: 'success', data: [row] };
      }
      if (path === '/v1/job/task/query') {
        const { tasks, error = '' } = look();
        const rows = Object.entries(tasks).flatMap(([component, statuses]) =>
          statuses.map((status, i) => ({
            f_component_name: component,
            f_task_version: 0,
            f_role: PARTIES[i]?.[0],
            f_party_id: PARTIES[i]?.[1],
            f_party_status: status,
            f_error_report: status === 'failed' ? error : '',
          })),
        );
        return { retcode: 0, retmsg: 'success', data: rows };
      }
      const { loss } = look();
      return loss === undefined
        ? { retcode: 100, retmsg: 'no metric train.loss' }
        : { retcode: 0, retmsg: 'success', data: loss };
    },
  };
}

function output(tty: boolean) {
  const written: string[] = [];
  let sleeps = 0;
  return {
    written,
    sleeps: () => sleeps,
    out: {
      tty,
      columns: 200,
      write: (text: string) => written.push(text),
      sleep: async () => {
        sleeps += 1;
      },
    },
  };
}

const TRAINING: Look[] = [
  {
    status: 'waiting',
    progress: 0,
    tasks: { reader_0: ['waiting', 'waiting'], hetero_lr_0: ['waiting', 'waiting', 'waiting'] },
  },
  {
    status: 'running',
    progress: 50,
    tasks: { reader_0: ['success', 'success'], hetero_lr_0: ['running', 'running', 'running'] },
    loss: [
      [0, 0.69],
      [1, 0.61234],
    ],
  },
  {
    status: 'running',
    progress: 50,
    tasks: { reader_0: ['success', 'success'], hetero_lr_0: ['running', 'running', 'running'] },
    loss: [
      [0, 0.69],
      [1, 0.61234],
      [2, 0.5],
    ],
  },
  {
    status: 'success',
    progress: 100,
    tasks: { reader_0: ['success', 'success'], hetero_lr_0: ['success', 'success', 'success'] },
  },
];

describe('flow job submit --wait', () => {
  it('prints one line per change when stdout is not a terminal, with the running component’s iteration and loss, then the end', async () => {
    const site = scriptedSite(TRAINING);
    const { out, written, sleeps } = output(false);

    const last = await watchJob(site, JOB, out);

    expect(last.status).toBe('success');
    expect(written.join('')).toBe(
      [
        `job ${JOB}  waiting  0%`,
        '  stage 1  reader_0  guest 9999 waiting, host 10000 waiting',
        '  stage 2  hetero_lr_0  guest 9999 waiting, host 10000 waiting, arbiter 10000 waiting',
        `job ${JOB}  running  50%`,
        '  stage 1  reader_0  guest 9999 success, host 10000 success',
        '  stage 2  hetero_lr_0  guest 9999 running, host 10000 running, arbiter 10000 running  iteration 1  loss 0.612340',
        '  stage 2  hetero_lr_0  guest 9999 running, host 10000 running, arbiter 10000 running  iteration 2  loss 0.500000',
        `job ${JOB}  success  100%`,
        '  stage 2  hetero_lr_0  guest 9999 success, host 10000 success, arbiter 10000 success',
        `job ${JOB} ended success`,
        '',
      ].join('\n'),
    );
    expect(sleeps()).toBe(3);
    // The loss is read at the initiator, only while the component runs.
    expect(site.requests.filter((r) => r.startsWith('/v1/tracking'))).toEqual([
      '/v1/tracking/component/metric_data {"job_id":"202612071000000000001","role":"guest","party_id":"9999","component_name":"hetero_lr_0","metric_namespace":"train","metric_name":"loss"}',
      '/v1/tracking/component/metric_data {"job_id":"202612071000000000001","role":"guest","party_id":"9999","component_name":"hetero_lr_0","metric_namespace":"train","metric_name":"loss"}',
    ]);
  });

  it('redraws the whole view in place on a terminal', async () => {
    const { out, written } = output(true);
    await watchJob(scriptedSite(TRAINING.slice(2)), JOB, out);
    expect(written).toEqual([
      `job ${JOB}  running  50%\n` +
        '  stage 1  reader_0  guest 9999 success, host 10000 success\n' +
        '  stage 2  hetero_lr_0  guest 9999 running, host 10000 running, arbiter 10000 running  iteration 2  loss 0.500000\n',
      `\u001b[3A\u001b[0Jjob ${JOB}  success  100%\n` +
        '  stage 1  reader_0  guest 9999 success, host 10000 success\n' +
        '  stage 2  hetero_lr_0  guest 9999 success, host 10000 success, arbiter 10000 success\n',
      `job ${JOB} ended success\n`,
    ]);
  });

  it('ends with why a job did not succeed: its tag and each failed task’s error', async () => {
    const failed: Look = {
      status: 'failed',
      progress: 50,
      tag: 'scheduler pass failing for 60 s: TypeError: x',
      tasks: { reader_0: ['success', 'success'], hetero_lr_0: ['failed', 'canceled', 'canceled'] },
      error: 'ValueError: label column y not found\n  at …',
    };
    const { out, written } = output(false);
    const last = await watchJob(scriptedSite([failed]), JOB, out);
    expect([last.status, written.at(-1)]).toEqual([
      'failed',
      `job ${JOB} ended failed: scheduler pass failing for 60 s: TypeError: x; hetero_lr_0 at guest 9999: ValueError: label column y not found\n`,
    ]);
  });
});
