import { describe, expect, it } from '@jest/globals';
import { partyStatuses, type TaskRow, timeline } from '../../../board/lib/timeline.js';

const task = (
  component: string,
  role: string,
  party: string,
  status: string,
  start: number | null,
  end: number | null,
  version = 0,
): TaskRow => ({
  f_component_name: component,
  f_task_version: version,
  f_role: role,
  f_party_id: party,
  f_party_status: status,
  f_start_time: start,
  f_end_time: end,
});

describe('the board task timeline', () => {
  it('puts each party on a row in role order, each started task a bar on one time axis, a running one up to now', () => {
    const tasks = [
      task('lr', 'arbiter', '10000', 'running', 1500, null),
      task('reader', 'host', '10000', 'success', 1000, 1400),
      task('reader', 'guest', '9999', 'success', 1000, 1200),
      task('lr', 'guest', '9999', 'waiting', null, null),
    ];
    expect(timeline(tasks, 2000)).toEqual({
      startMs: 1000,
      endMs: 2000,
      rows: [
        {
          party: 'guest 9999',
          bars: [{ component: 'reader', version: 0, status: 'success', from: 0, to: 0.2, startMs: 1000, endMs: 1200 }],
        },
        {
          party: 'host 10000',
          bars: [{ component: 'reader', version: 0, status: 'success', from: 0, to: 0.4, startMs: 1000, endMs: 1400 }],
        },
        {
          party: 'arbiter 10000',
          bars: [{ component: 'lr', version: 0, status: 'running', from: 0.5, to: 1, startMs: 1500, endMs: 2000 }],
        },
      ],
    });
  });

  it('has no rows before any task starts', () => {
    expect(timeline([task('reader', 'guest', '9999', 'waiting', null, null)], 5)).toEqual({
      startMs: 5,
      endMs: 5,
      rows: [],
    });
  });

  it("gives each component every party's latest task version", () => {
    const statuses = partyStatuses([
      task('lr', 'host', '10000', 'failed', 1, 2, 0),
      task('lr', 'host', '10000', 'running', 3, null, 1),
      task('lr', 'guest', '9999', 'running', 3, null, 1),
      task('reader', 'guest', '9999', 'success', 1, 2),
    ]);
    expect(Object.fromEntries(statuses)).toEqual({
      lr: [
        { party: 'guest 9999', status: 'running' },
        { party: 'host 10000', status: 'running' },
      ],
      reader: [{ party: 'guest 9999', status: 'success' }],
    });
  });
});
