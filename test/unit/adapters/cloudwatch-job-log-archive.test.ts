import { CloudWatchLogs, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchTaskLogs } from '../../../functions/adapters/logs/cloudwatch-task-logs.js';
import { jobLogArchive } from '../../../functions/services/jobs/job-log-archive.js';
import { readTarGz } from '../../../functions/services/tracking/output-archive.js';
import { GUEST, jobRecord } from '../../integration/store/records.js';
import { MemoryJobStore } from '../../support/fakes/memory-job-store.js';

const GROUP = 'FateFlow-9999-RunnerLogs1234ABCD-AbCdEfGhIjKl';

/** A runner's JSON line in CloudWatch Logs, with the keys taskLogKeys puts on every line. */
const runnerLine = (jobId: string, level: string, message: string, timestamp: string, extra: object = {}) =>
  JSON.stringify({
    level,
    message,
    timestamp,
    job: jobId,
    role: 'guest',
    party: GUEST,
    component: 'reader_0',
    task_version: 0,
    ...extra,
  });

describe("`job log` at a deployed site: the runners' CloudWatch Logs as FATE's log archive", () => {
  it("answers the gzip'd tar FATE's client unpacks, from the SDK's FilterLogEvents pages", async () => {
    const jobs = new MemoryJobStore(() => 1_000);
    const job = jobRecord({ createTime: 1_764_000_000_000 });
    await jobs.createJob(job, []);
    const info = runnerLine(job.jobId, 'INFO', 'running Reader', '2026-12-07T10:00:01.000Z');
    const error = runnerLine(job.jobId, 'ERROR', 'failed after 5 ms', '2026-12-07T10:00:02.000Z', {
      error_report: 'Error: no table',
    });
    const client = new CloudWatchLogs({ region: 'eu-west-1' });
    const logs = mockClient(client);
    logs
      .on(FilterLogEventsCommand, { logGroupName: GROUP, nextToken: undefined })
      .resolves({ events: [{ timestamp: 1_764_000_001_000, message: info }], nextToken: 'page-2' })
      .on(FilterLogEventsCommand, { logGroupName: GROUP, nextToken: 'page-2' })
      .resolves({ events: [{ timestamp: 1_764_000_002_000, message: error }] });

    const archive = await jobLogArchive(
      { jobs, taskLogs: new CloudWatchTaskLogs(client, { logGroupName: GROUP }) },
      job.jobId,
    );

    expect(logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input)).toEqual([
      { logGroupName: GROUP, filterPattern: `{ $.job = "${job.jobId}" }`, startTime: 1_764_000_000_000 },
      {
        logGroupName: GROUP,
        filterPattern: `{ $.job = "${job.jobId}" }`,
        startTime: 1_764_000_000_000,
        nextToken: 'page-2',
      },
    ]);
    const files = await readTarGz(archive);
    const infoLine = `[INFO] [2026-12-07T10:00:01.000Z] [${job.jobId}] [reader_0 v0] - running Reader\n`;
    const errorLine = `[ERROR] [2026-12-07T10:00:02.000Z] [${job.jobId}] [reader_0 v0] - failed after 5 ms\nError: no table\n`;
    expect(Object.fromEntries([...files].map(([name, bytes]) => [name, bytes.toString('utf8')]))).toEqual({
      [`guest/${GUEST}/DEBUG.log`]: infoLine + errorLine,
      [`guest/${GUEST}/INFO.log`]: infoLine + errorLine,
      [`guest/${GUEST}/WARNING.log`]: errorLine,
      [`guest/${GUEST}/ERROR.log`]: errorLine,
      [`guest/${GUEST}/reader_0/DEBUG.log`]: infoLine + errorLine,
      [`guest/${GUEST}/reader_0/INFO.log`]: infoLine + errorLine,
      [`guest/${GUEST}/reader_0/WARNING.log`]: errorLine,
      [`guest/${GUEST}/reader_0/ERROR.log`]: errorLine,
    });
  });
});
