import { durationText, text, textTable, timeText } from './text-table.js';

type Row = Readonly<Record<string, unknown>>;

const rowsOf = (value: unknown): Row[] =>
  Array.isArray(value) ? value.filter((row): row is Row => typeof row === 'object' && row !== null) : [];

/** A column of a row that `job query` names `f_status` and `job list` names `status`. */
const field = (row: Row, name: string): unknown => row[`f_${name}`] ?? row[name];

/** `job query` rows (`f_…`) or `job list`'s `{jobs, count}` as one line per job and role. */
export function jobsTable(data: unknown): string {
  const jobs = Array.isArray(data) ? rowsOf(data) : rowsOf((data as { jobs?: unknown } | null)?.jobs);
  if (jobs.length === 0) return 'no jobs\n';
  return textTable(
    ['JOB ID', 'ROLE', 'PARTY', 'STATUS', 'PROGRESS', 'CREATED', 'ELAPSED', 'TAG'],
    jobs.map((job) => [
      text(field(job, 'job_id')),
      text(field(job, 'role')),
      text(field(job, 'party_id')),
      text(field(job, 'status')),
      field(job, 'progress') === undefined ? '' : `${text(field(job, 'progress'))}%`,
      timeText(field(job, 'create_time')),
      durationText(field(job, 'elapsed')),
      text(field(job, 'tag')),
    ]),
  );
}

/** `task query` rows: each party's task of each component, with the start of its error report. */
export function tasksTable(data: unknown): string {
  const tasks = rowsOf(data);
  if (tasks.length === 0) return 'no tasks\n';
  return textTable(
    ['COMPONENT', 'VERSION', 'ROLE', 'PARTY', 'STATUS', 'ELAPSED', 'ERROR'],
    tasks.map((task) => [
      text(field(task, 'component_name')),
      text(field(task, 'task_version')),
      text(field(task, 'role')),
      text(field(task, 'party_id')),
      text(field(task, 'party_status') ?? field(task, 'status')),
      durationText(field(task, 'elapsed')),
      text(field(task, 'error_report')),
    ]),
  );
}

/** `component metrics`: `{namespace: [metric names]}` as one line per namespace. */
export function metricsTable(data: unknown): string {
  const namespaces = Object.entries((data ?? {}) as Record<string, unknown>);
  if (namespaces.length === 0) return 'no data\n';
  return textTable(
    ['NAMESPACE', 'METRICS'],
    namespaces.map(([namespace, names]) => [
      namespace,
      Array.isArray(names) ? names.map(text).join(', ') : text(names),
    ]),
  );
}
