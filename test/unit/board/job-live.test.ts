import { describe, expect, it } from '@jest/globals';
import { recordsEnded, SETTLE_MS, stillLive } from '../../../board/lib/job-live.js';

describe('how long a job page polls', () => {
  const ended = [{ f_status: 'canceled', f_end_time: 1000 }];
  it('polls while the job runs at this site', () => {
    expect(recordsEnded([])).toBe(false);
    expect(stillLive([{ f_status: 'running', f_end_time: null }], [], 0)).toBe(true);
  });
  it("polls after the end until every party's task is final, for SETTLE_MS at most", () => {
    const tasks = [{ f_party_status: 'success' }, { f_party_status: 'running' }];
    expect(stillLive(ended, tasks, 1000 + SETTLE_MS - 1)).toBe(true);
    expect(stillLive(ended, tasks, 1000 + SETTLE_MS)).toBe(false);
    expect(stillLive(ended, [{ f_party_status: 'canceled' }], 1001)).toBe(false);
  });
});
