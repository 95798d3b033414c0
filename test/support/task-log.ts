import type { LogFields, TaskLog } from '../../runner/context/task-log.js';

/** One line a `recordedLog` was given. */
export interface RecordedLine {
  readonly level: 'INFO' | 'WARN' | 'ERROR';
  readonly message: string;
  readonly fields: LogFields;
}

/** A runner's TaskLog in memory: the lines it was given, in order. */
export function recordedLog(): TaskLog & { readonly lines: RecordedLine[] } {
  const lines: RecordedLine[] = [];
  const record =
    (level: RecordedLine['level']) =>
    (message: string, ...fields: LogFields[]) => {
      lines.push({ level, message, fields: Object.assign({}, ...fields) });
    };
  return { lines, info: record('INFO'), warn: record('WARN'), error: record('ERROR') };
}

/**
 * The messages of a task's log file as the local launcher writes it: the runner's JSON lines give
 * their `message`; any other line (the launcher's `--- … starts …` header, a line still being
 * written while a test polls the file) is kept as it is.
 */
export function taskLogMessages(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => messageOf(line) ?? line);
}

function messageOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const { message } = JSON.parse(line) as { message?: unknown };
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}
