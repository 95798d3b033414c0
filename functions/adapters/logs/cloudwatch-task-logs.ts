import { ROLES, type Role } from '../../domain/job/roles.js';
import type { TaskLogFile, TaskLogReader } from '../../domain/ports/task-log-reader.js';

/**
 * The one CloudWatch Logs call this reader makes, shaped as the SDK's `CloudWatchLogs`
 * (`@aws-sdk/client-cloudwatch-logs`) answers it, so that client is what a composition passes.
 */
export interface FilterLogEventsInput {
  readonly logGroupName: string;
  readonly filterPattern: string;
  readonly startTime?: number;
  readonly nextToken?: string;
}
export interface FilterLogEventsOutput {
  readonly events?: readonly { readonly message?: string; readonly timestamp?: number }[];
  readonly nextToken?: string;
}
export interface LogEventsClient {
  filterLogEvents(input: FilterLogEventsInput): Promise<FilterLogEventsOutput>;
}

export interface CloudWatchTaskLogsOptions {
  /** The runners' log group (the ECS task definition's awslogs group). */
  readonly logGroupName: string;
  /**
   * The most message bytes one download reads: the archive is the API's answer, which a Lambda
   * returns whole. Past it the reader stops and says so on the last line of each task's log.
   * @default 32 MiB (≈ 3 MiB gzip'd)
   */
  readonly maxBytes?: number;
}

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * A deployed site's task logs: its runners' JSON lines in CloudWatch Logs, every line carrying the
 * job, role, party, component and task version (runner/context/task-log.ts `taskLogKeys`). One
 * filtered search of the runners' group by job id, from the job's creation on, pages followed;
 * lines are regrouped per task version in the order they were written. A line without those keys
 * (none the runner writes) cannot be placed and is left out.
 */
export class CloudWatchTaskLogs implements TaskLogReader {
  private readonly maxBytes: number;

  constructor(
    private readonly client: LogEventsClient,
    private readonly options: CloudWatchTaskLogsOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  async jobLogs(jobId: string, since: number): Promise<TaskLogFile[]> {
    const byTask = new Map<string, { file: Omit<TaskLogFile, 'lines'>; lines: [number, string][] }>();
    let bytes = 0;
    let truncated = false;
    let nextToken: string | undefined;
    do {
      const page = await this.client.filterLogEvents({
        logGroupName: this.options.logGroupName,
        // The job id is checked by the route (letters, digits, "_", "-"): it cannot break out of the quotes.
        filterPattern: `{ $.job = "${jobId}" }`,
        startTime: since,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const event of page.events ?? []) {
        const message = event.message ?? '';
        const task = taskOf(message, jobId);
        if (task === undefined) continue;
        bytes += message.length;
        if (bytes > this.maxBytes) {
          truncated = true;
          break;
        }
        const key = `${task.role}/${task.partyId}/${task.component}/${task.taskVersion}`;
        const entry = byTask.get(key) ?? { file: task, lines: [] };
        entry.lines.push([event.timestamp ?? 0, message]);
        byTask.set(key, entry);
      }
      nextToken = truncated ? undefined : page.nextToken;
    } while (nextToken !== undefined);
    const note = `... the log is cut here: over ${this.maxBytes} bytes; the rest is in ${this.options.logGroupName}`;
    return [...byTask.values()]
      .map(({ file, lines }) => ({
        ...file,
        lines: [...lines.sort((a, b) => a[0] - b[0]).map(([, line]) => line), ...(truncated ? [note] : [])],
      }))
      .sort(
        (a, b) =>
          a.role.localeCompare(b.role) ||
          a.partyId - b.partyId ||
          a.component.localeCompare(b.component) ||
          a.taskVersion - b.taskVersion,
      );
  }
}

/** The task a runner's JSON line belongs to, from the keys taskLogKeys puts on it. */
function taskOf(message: string, jobId: string): Omit<TaskLogFile, 'lines'> | undefined {
  let line: unknown;
  try {
    line = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof line !== 'object' || line === null) return undefined;
  const { job, role, party, component, task_version: taskVersion } = line as Record<string, unknown>;
  if (job !== jobId || !isRole(role) || typeof component !== 'string') return undefined;
  if (typeof party !== 'number' || typeof taskVersion !== 'number') return undefined;
  return { role, partyId: party, component, taskVersion };
}
