import { describe, expect, it } from '@jest/globals';
import {
  CloudWatchTaskLogs,
  type FilterLogEventsInput,
  type FilterLogEventsOutput,
  type LogEventsClient,
} from '../../../functions/adapters/logs/cloudwatch-task-logs.js';

const JOB = '202612071000000000001';
const GROUP = 'site-9999-runner-logs';

/** A runner's JSON line, with the keys taskLogKeys puts on every line. */
const line = (message: string, task: { role?: string; party?: number; component?: string; version?: number } = {}) =>
  JSON.stringify({
    level: 'INFO',
    message,
    job: JOB,
    role: task.role ?? 'guest',
    party: task.party ?? 9999,
    component: task.component ?? 'reader_0',
    task_version: task.version ?? 0,
  });

/** CloudWatch Logs at its one call: answers the pages given, in order, and records each request. */
function logsClient(pages: FilterLogEventsOutput[]): LogEventsClient & { requests: FilterLogEventsInput[] } {
  const requests: FilterLogEventsInput[] = [];
  return {
    requests,
    async filterLogEvents(input) {
      requests.push(input);
      const page = pages[requests.length - 1];
      if (page === undefined) throw new Error('no more pages');
      return page;
    },
  };
}

describe('CloudWatchTaskLogs', () => {
  it("searches the runners' group by job id from the job's creation, following pages, and regroups lines per task version", async () => {
    const second = line('running Reader', { version: 1 });
    const client = logsClient([
      {
        events: [
          { timestamp: 20, message: line('success', { component: 'reader_0' }) },
          { timestamp: 10, message: line('running Reader', { component: 'reader_0' }) },
          { timestamp: 15, message: line('running Reader', { role: 'host', party: 10000 }) },
        ],
        nextToken: 'page-2',
      },
      {
        events: [
          { timestamp: 30, message: second },
          { timestamp: 31, message: 'Error: not a runner line' },
        ],
      },
    ]);
    const logs = await new CloudWatchTaskLogs(client, { logGroupName: GROUP }).jobLogs(JOB, 1_000);
    expect(client.requests).toEqual([
      { logGroupName: GROUP, filterPattern: `{ $.job = "${JOB}" }`, startTime: 1_000 },
      { logGroupName: GROUP, filterPattern: `{ $.job = "${JOB}" }`, startTime: 1_000, nextToken: 'page-2' },
    ]);
    expect(logs).toEqual([
      {
        role: 'guest',
        partyId: 9999,
        component: 'reader_0',
        taskVersion: 0,
        lines: [line('running Reader'), line('success')],
      },
      { role: 'guest', partyId: 9999, component: 'reader_0', taskVersion: 1, lines: [second] },
      {
        role: 'host',
        partyId: 10000,
        component: 'reader_0',
        taskVersion: 0,
        lines: [line('running Reader', { role: 'host', party: 10000 })],
      },
    ]);
  });

  it('stops past its byte limit, says so at the end of each log, and asks for no further page', async () => {
    const first = line('first');
    const client = logsClient([
      {
        events: [
          { timestamp: 1, message: first },
          { timestamp: 2, message: line('second') },
        ],
        nextToken: 'more',
      },
    ]);
    const reader = new CloudWatchTaskLogs(client, { logGroupName: GROUP, maxBytes: first.length + 1 });
    expect(await reader.jobLogs(JOB, 0)).toEqual([
      {
        role: 'guest',
        partyId: 9999,
        component: 'reader_0',
        taskVersion: 0,
        lines: [first, `... the log is cut here: over ${first.length + 1} bytes; the rest is in ${GROUP}`],
      },
    ]);
    expect(client.requests).toHaveLength(1);
  });

  it('leaves out a line of another job that the filter let through', async () => {
    const other = JSON.stringify({
      message: 'x',
      job: 'another',
      role: 'guest',
      party: 9999,
      component: 'a',
      task_version: 0,
    });
    const client = logsClient([{ events: [{ timestamp: 1, message: other }] }]);
    expect(await new CloudWatchTaskLogs(client, { logGroupName: GROUP }).jobLogs(JOB, 0)).toEqual([]);
  });
});
