import { isEndStatus } from '../../functions/domain/status/statuses.js';
import { type ComponentView, type JobSnapshot, type JobSource, readJobSnapshot } from './job-snapshot.js';

export interface WatchOutput {
  write(text: string): void;
  /** A terminal: the view is redrawn in place. Otherwise one line per change, for logs and CI. */
  readonly tty: boolean;
  /** The terminal's width: a redrawn line must not wrap, or the redraw climbs too few lines. */
  readonly columns?: number;
  sleep(ms: number): Promise<void>;
  /** @default 1000 */
  readonly intervalMs?: number;
}

/**
 * `flow job submit --wait`: follows the job at its initiator until it ends, showing its status,
 * each component's tasks at every party by stage, and a running component's last iteration and
 * loss; then its final status (and, if it did not succeed, why). Returns the last look.
 */
export async function watchJob(source: JobSource, jobId: string, out: WatchOutput): Promise<JobSnapshot> {
  let drawn = 0;
  const printed = new Map<string, string>();
  for (;;) {
    const snapshot = await readJobSnapshot(source, jobId);
    const lines = viewLines(snapshot);
    if (out.tty) {
      const fitted = lines.map((line) => fitToWidth(line.text, out.columns));
      // Up over the last drawing and clear it, then draw again.
      out.write(`${drawn > 0 ? `\u001b[${drawn}A\u001b[0J` : ''}${fitted.join('\n')}\n`);
      drawn = fitted.length;
    } else {
      for (const line of lines) {
        if (printed.get(line.key) === line.text) continue;
        printed.set(line.key, line.text);
        out.write(`${line.text}\n`);
      }
    }
    if (isEndStatus(snapshot.status)) {
      out.write(`${finalLine(snapshot)}\n`);
      return snapshot;
    }
    await out.sleep(out.intervalMs ?? 1000);
  }
}

interface ViewLine {
  /** What the line is about (the job, a component), so that only a changed line is printed again. */
  readonly key: string;
  readonly text: string;
}

/** The job's line, then one per component in stage order. */
export function viewLines(snapshot: JobSnapshot): ViewLine[] {
  return [
    { key: 'job', text: `job ${snapshot.jobId}  ${snapshot.status}  ${snapshot.progress}%` },
    ...snapshot.components.map((component) => ({ key: component.name, text: componentLine(component) })),
  ];
}

function componentLine(component: ComponentView): string {
  const tasks = component.tasks.map((task) => `${task.role} ${task.partyId} ${task.status}`).join(', ');
  const iteration =
    component.iteration === undefined
      ? ''
      : `  iteration ${component.iteration.index}  loss ${component.iteration.loss.toFixed(6)}`;
  return `  stage ${component.stage + 1}  ${component.name}  ${tasks || 'no tasks yet'}${iteration}`;
}

/** The job's end, and if it did not succeed, why: its tag (unless FATE's plain `job_end`) and each failed task's error. */
export function finalLine(snapshot: JobSnapshot): string {
  const end = `job ${snapshot.jobId} ended ${snapshot.status}`;
  if (snapshot.status === 'success') return end;
  const reasons = [
    ...(snapshot.tag === '' || snapshot.tag === 'job_end' ? [] : [snapshot.tag]),
    ...snapshot.components.flatMap((component) =>
      component.tasks
        .filter((task) => task.error !== '')
        .map((task) => `${component.name} at ${task.role} ${task.partyId}: ${task.error.split('\n')[0]}`),
    ),
  ];
  return reasons.length === 0 ? end : `${end}: ${reasons.join('; ')}`;
}

function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || line.length < columns) return line;
  return `${line.slice(0, Math.max(0, columns - 2))}…`;
}
