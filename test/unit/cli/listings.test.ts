import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { exitQuietlyOnBrokenPipe } from '../../../cli/output.js';
import { jobsTable, metricsTable, tasksTable } from '../../../cli/view/listings.js';
import { durationText } from '../../../cli/view/text-table.js';

describe('listings as tables', () => {
  it('shows job query rows and job list rows alike, one line per job and role', () => {
    const queried = [
      {
        f_job_id: '202612071000000000001',
        f_role: 'guest',
        f_party_id: '9999',
        f_status: 'running',
        f_progress: 40,
        f_create_time: null,
        f_elapsed: 12_345,
        f_tag: '',
      },
    ];
    const listed = {
      count: 1,
      jobs: [
        {
          job_id: '202612071000000000001',
          role: 'host',
          party_id: '10000',
          status: 'failed',
          progress: 40,
          create_time: null,
          elapsed: 185_000,
          tag: 'scheduler pass failing for 60 s: TypeError: Promise.withResolvers is not a function',
        },
      ],
    };
    expect(jobsTable(queried)).toBe(
      'JOB ID                 ROLE   PARTY  STATUS   PROGRESS  CREATED  ELAPSED  TAG\n' +
        '202612071000000000001  guest  9999   running  40%                12.3 s\n',
    );
    expect(jobsTable(listed)).toBe(
      'JOB ID                 ROLE  PARTY  STATUS  PROGRESS  CREATED  ELAPSED     TAG\n' +
        '202612071000000000001  host  10000  failed  40%                3 min 05 s  scheduler pass failing for 60 s: TypeError: Pro…\n',
    );
    expect(jobsTable({ count: 0, jobs: [] })).toBe('no jobs\n');
  });

  it("shows each party's task with its status and the first line of its error", () => {
    const tasks = [
      {
        f_component_name: 'hetero_lr_0',
        f_task_version: 0,
        f_role: 'guest',
        f_party_id: '9999',
        f_party_status: 'failed',
        f_elapsed: 850,
        f_error_report: 'ValueError:\nlabel y missing',
      },
      {
        f_component_name: 'hetero_lr_0',
        f_task_version: 0,
        f_role: 'arbiter',
        f_party_id: '10000',
        f_party_status: 'running',
        f_elapsed: null,
        f_error_report: '',
      },
    ];
    expect(tasksTable(tasks)).toBe(
      'COMPONENT    VERSION  ROLE     PARTY  STATUS   ELAPSED  ERROR\n' +
        'hetero_lr_0  0        guest    9999   failed   850 ms   ValueError: label y missing\n' +
        'hetero_lr_0  0        arbiter  10000  running\n',
    );
  });

  it("shows a component's metric names per namespace, and 'no data' for none", () => {
    expect(metricsTable({ train: ['loss'], evaluation_0: ['auc', 'ks'] })).toBe(
      'NAMESPACE     METRICS\ntrain         loss\nevaluation_0  auc, ks\n',
    );
    expect(metricsTable({})).toBe('no data\n');
    expect(durationText(-1)).toBe('');
  });
});

describe('a broken pipe on stdout', () => {
  it('exits 0 when the reader has gone, and lets any other error through', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnBrokenPipe(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow('disk full');
    expect(exits).toEqual([0]);
  });
});
