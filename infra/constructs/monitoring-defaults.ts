import { Duration } from 'aws-cdk-lib';

/** A dashboard graph's period: the sweeps run every minute, so finer says nothing more. */
export const DASHBOARD_PERIOD = Duration.minutes(5);

/** An alarm's math expression takes at most 10 metrics; the functions' errors are summed in groups of this many. */
export const ALARM_METRICS_PER_EXPRESSION = 10;

/**
 * Logs Insights over the runners' JSON lines (Powertools: `message`, and the task's `job`, `role`,
 * `party`, `component`): each task's end says `success in N ms` or `failed after N ms`.
 */
export const TASK_DURATION_QUERY = [
  'fields @timestamp, job, role, party, component, message',
  'filter message like /^(success in|failed after) [0-9]+ ms$/',
  'parse message /(?<outcome>success in|failed after) (?<ms>[0-9]+) ms/',
  'stats count(*) as tasks, avg(ms) / 1000 as avg_s, max(ms) / 1000 as max_s by component, outcome',
  'sort max_s desc',
];

/** The federation endpoint's refusals and failures (Powertools' level on every line). */
export const FEDERATION_ERROR_QUERY = [
  'fields @timestamp, level, message',
  "filter level in ['WARN', 'ERROR']",
  'stats count(*) as lines by message, level',
  'sort lines desc',
  'limit 20',
];
