import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { RUNNER_SERVICE, runnerLogger, taskLogKeys } from '../../../runner/context/task-log.js';

const TASK = {
  jobId: '202612071200000000001',
  component: 'hetero_lr_0',
  taskVersion: 2,
  role: 'host',
  partyId: 10000,
} as const;
const KEYS = {
  job: TASK.jobId,
  role: 'host',
  party: 10000,
  component: 'hetero_lr_0',
  task_id: `${TASK.jobId}_hetero_lr_0`,
  task_version: 2,
};
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let stdout: string[];
let stderr: string[];

/** What one stream was given, one parsed object per line (every line must be one JSON object). */
const parsed = (chunks: readonly string[]): unknown[] =>
  chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

beforeEach(() => {
  stdout = [];
  stderr = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe("the runner's logger", () => {
  it('writes one JSON line per message with its level, time, service and the task keys', () => {
    const log = runnerLogger();
    log.appendPersistentKeys(taskLogKeys(TASK));

    log.info('trained on 569 rows × 10 features\nconverged at iteration 12');

    expect(parsed(stdout)).toEqual([
      {
        level: 'INFO',
        message: 'trained on 569 rows × 10 features\nconverged at iteration 12',
        timestamp: expect.stringMatching(ISO_TIME),
        service: RUNNER_SERVICE,
        sampling_rate: 0,
        ...KEYS,
      },
    ]);
    expect(stderr).toEqual([]);
  });

  it('writes warnings and errors to stderr, with their fields', () => {
    const log = runnerLogger();
    log.appendPersistentKeys(taskLogKeys(TASK));

    log.warn('heartbeat failed', { error_report: 'TimeoutError: the table did not answer' });
    log.error('failed after 1500 ms', { error_report: 'ArgumentError: lr.alpha is negative\n    at run' });

    expect(parsed(stderr)).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'heartbeat failed',
        error_report: 'TimeoutError: the table did not answer',
        ...KEYS,
      }),
      expect.objectContaining({
        level: 'ERROR',
        message: 'failed after 1500 ms',
        error_report: 'ArgumentError: lr.alpha is negative\n    at run',
        ...KEYS,
      }),
    ]);
    expect(stdout).toEqual([]);
  });

  it('logs at INFO although POWERTOOLS_LOG_LEVEL silences other loggers (a local site passes it to its runners)', () => {
    const before = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    try {
      runnerLogger().info('running Sleep');
    } finally {
      if (before === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = before;
    }

    expect(parsed(stdout)).toEqual([expect.objectContaining({ level: 'INFO', message: 'running Sleep' })]);
  });

  it('logs without task keys until the task is known (the environment could not be read)', () => {
    runnerLogger().error('the runner cannot start: RunnerEnvError: FATE_FLOW_ROLE is not set');

    const [line] = parsed(stderr) as Record<string, unknown>[];
    expect(Object.keys(line ?? {}).sort()).toEqual(['level', 'message', 'sampling_rate', 'service', 'timestamp']);
  });
});
